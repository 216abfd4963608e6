from django.dispatch import Signal

# Sent exactly once per (user, page) and attempt, inside the transaction that sets `completed_at`:
# content_completed.send(sender=<Page class>, user=<User>, page=<Page>, event=<its "complete" LearningEvent>)
content_completed = Signal()

# Sent for each page of a fresh attempt (records.services.restart_attempt), inside its transaction:
# attempt_restarted.send(sender=<Page class>, user=<User>, page=<Page>, event=<its "restart" LearningEvent>)
attempt_restarted = Signal()

from django.dispatch import Signal

# Sent exactly once per (user, page), inside the transaction that sets `completed_at`:
# content_completed.send(sender=<Page class>, user=<User>, page=<Page>)
content_completed = Signal()

from django.dispatch import Signal

# Sent with `user_ids` whenever user rows change: saved, deleted, or bulk-updated (the roster import's
# deactivations). Apps that keep something derived from a user (lms.records' beat tokens) drop it.
users_changed = Signal()

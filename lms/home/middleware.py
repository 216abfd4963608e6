from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    """Django's MessageMiddleware, with the message storage built only when something uses it.

    Building it signs and reads the messages cookie and wraps the session on every request; most
    requests (heartbeats every 15 s per viewer, JSON and file answers) never touch messages. A storage
    that was never built has nothing to save, so the response goes out as it is.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if type(messages) is SimpleLazyObject and messages._wrapped is empty:
            return response
        return super().process_response(request, response)

"""The page every request gets while the database cannot be reached: a 503 with
Retry-After, rendered from a template alone (no database, no session)."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 120


def unavailable_response(request):
    """The static 'Layanan sedang dipulihkan' page, status 503."""
    content = loader.get_template("503.html").render(
        {"minutes": RETRY_AFTER_SECONDS // 60, "request_path": request.path}
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that fails because the database is out of reach answers the 503
    page; errors outside views reach the same page through `handler500`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request)
        return None

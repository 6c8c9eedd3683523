"""Serving uploaded files: always as a download, never sniffed, never cached."""

from django.http import FileResponse


def attachment(upload):
    """An uploaded file as a download: a browser never renders it as a page (an
    HTML file renamed .pdf stays inert) and no cache keeps a copy."""
    response = FileResponse(upload.open("rb"), as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response

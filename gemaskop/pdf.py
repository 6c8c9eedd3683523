"""PDFs the office prints: the daftar hadir and the certificates (WeasyPrint)."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_document(template, context):
    """The laid-out pages of a Django template; Indonesian dates, no fetching from the
    network."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override("id"):
        html = render_to_string(template, {"settings": settings, **context})
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).render()


def render_pdf(template, context):
    """A PDF from a Django template."""
    return render_document(template, context).write_pdf()


def public_url(path):
    return settings.SITE_URL + path


def qr_data_uri(url, scale=4):
    """A QR code as an SVG data URI, drawn here (no external service)."""
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=4, light="white")


def qr_inline_svg(url, scale=10):
    return segno.make(url, error="m").svg_inline(
        scale=scale, border=4, light="white", omitsize=True
    )

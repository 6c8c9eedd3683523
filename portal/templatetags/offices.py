import base64

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()

IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def image_data_uri(field):
    """An uploaded image inlined as a data URI (PDFs fetch nothing, and uploads are
    not served in public)."""
    if not field:
        return ""
    try:
        with field.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return ""
    mime = next((m for head, m in IMAGE_TYPES.items() if content.startswith(head)), "")
    if not mime:
        return ""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


@register.inclusion_tag("includes/_kop_surat.html")
def kop_surat(office):
    """The office's letterhead: logo, government, office name, contacts, double rule."""
    return {"office": office, "logo": image_data_uri(office.logo)}


@register.simple_tag
def kop_surat_css():
    """The letterhead's stylesheet, for a PDF's own <style> (PDFs fetch nothing; the
    web pages link the same file, as the CSP allows no inline style there)."""
    path = finders.find("css/kop-surat.css")
    with open(path, encoding="utf-8") as handle:
        return mark_safe(handle.read())


@register.inclusion_tag("includes/_signature.html")
def signature_block(event, date, *, with_images=False):
    """Place and date, title, name and NIP of the event's signatory; the scanned
    signature and stamp only where the office chose to print them."""
    office = event.organiser
    images = with_images and office.print_signature
    return {
        "place": event.kabupaten.name,
        "date": date,
        "unit": event.signing_unit,
        "bidang": event.bidang,
        "signature": image_data_uri(office.signature_image) if images else "",
        "stamp": image_data_uri(office.stamp) if images else "",
    }

from django import template
from django.conf import settings
from django.utils import dateformat

from portal.masking import mask_phone

register = template.Library()

ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


@register.filter
def date_range(event):
    """'6 Oktober 2025', '2–3 Oktober 2024', '30 September – 2 Oktober 2024'."""
    start, end = event.start_date, event.end_date
    if start == end:
        return dateformat.format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{dateformat.format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{dateformat.format(start, 'j F')} – {dateformat.format(end, 'j F Y')}"
    return f"{dateformat.format(start, 'j F Y')} – {dateformat.format(end, 'j F Y')}"


@register.simple_tag
def zone_name():
    """WIB, WITA or WIT for the portal's time zone."""
    return ZONE_NAMES.get(settings.TIME_ZONE, settings.TIME_ZONE)


@register.filter
def masked_phone(value):
    return mask_phone(value)

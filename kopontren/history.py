"""A record's change history, read from django-simple-history in a fixed number of
queries (one per model), with the field-by-field differences computed here."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopontren.models import (
    Cooperative,
    Document,
    LegalEvent,
    Officer,
    Pesantren,
    SecondaryMembership,
    YearlyFigures,
)

ACTIONS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}
SKIPPED = {"id", "created_at", "updated_at"}
MAX_ENTRIES = 100


def _fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in SKIPPED and field.name in _tracked(model)
    ]


def _tracked(model):
    return {field.name for field in model.history.model._meta.fields}


def _value(field, record):
    value = getattr(record, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    return "" if value is None else str(value)


def _label(model, record):
    # Never str(record.instance): that may follow foreign keys, one query per row.
    if model is LegalEvent:
        return f"{_value(model._meta.get_field('kind'), record)} {record.date}"
    if model is SecondaryMembership:
        return _("sejak %(date)s") % {"date": f"{record.joined_on:%d-%m-%Y}"}
    if model is YearlyFigures:
        return _("Tahun buku %(year)s") % {"year": record.book_year}
    return getattr(record, "name", None) or getattr(record, "title", "")


def _entries(model, records):
    fields = _fields(model)
    previous = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        if record.history_type == "~" and before is not None:
            changes = [
                (field.verbose_name, _value(field, before), _value(field, record))
                for field in fields
                if _value(field, before) != _value(field, record)
            ]
        previous[record.id] = record
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "action": ACTIONS.get(record.history_type, record.history_type),
                "model": model._meta.verbose_name,
                "label": _label(model, record),
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


def _collect(sources):
    entries = []
    for model, records in sources:
        entries += _entries(model, records.select_related("history_user"))
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries[:MAX_ENTRIES]


def cooperative_history(cooperative):
    """Every change to the cooperative and its officers, legal log, RAT and files."""
    return _collect(
        [
            (Cooperative, Cooperative.history.filter(id=cooperative.pk)),
            (Officer, Officer.history.filter(cooperative_id=cooperative.pk)),
            (LegalEvent, LegalEvent.history.filter(cooperative_id=cooperative.pk)),
            (
                YearlyFigures,
                YearlyFigures.history.filter(cooperative_id=cooperative.pk),
            ),
            (Document, Document.history.filter(cooperative_id=cooperative.pk)),
            (
                SecondaryMembership,
                SecondaryMembership.history.filter(
                    Q(secondary_id=cooperative.pk) | Q(primary_id=cooperative.pk)
                ),
            ),
        ]
    )


def pesantren_history(pesantren):
    return _collect([(Pesantren, Pesantren.history.filter(id=pesantren.pk))])

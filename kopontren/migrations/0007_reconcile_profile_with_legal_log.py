"""Make the legal-status log the one source of each cooperative's NIB and NIK Koperasi.

A number on the profile with no step in the log becomes a step, dated when the registry
first held it (its history), never before the pengesahan AHU. What cannot be settled is
printed and left to the Dinas: the profile then shows what the log says.
"""

from django.db import migrations
from django.utils import timezone

MIGRATED_NOTE = "Dipindahkan dari profil koperasi saat migrasi"
ORDER = {
    "ahu": ("akta",),
    "nib": ("akta", "ahu"),
    "nik": ("akta", "ahu"),
    "pad": ("akta", "ahu"),
    "bubar": ("akta", "ahu"),
}


def _first_held(history, cooperative, field, value):
    row = (
        history.objects.filter(id=cooperative.pk, **{field: value})
        .order_by("history_date")
        .first()
    )
    moment = row.history_date if row is not None else cooperative.created_at
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def reconcile(apps, schema_editor):
    cooperative_model = apps.get_model("kopontren", "Cooperative")
    event_model = apps.get_model("kopontren", "LegalEvent")
    history = apps.get_model("kopontren", "HistoricalCooperative")
    conflicts = []
    for coop in cooperative_model.objects.order_by("pk").iterator():
        events = list(event_model.objects.filter(cooperative=coop))
        for kind, field, label in (
            ("nik", "nik_koperasi", "NIK Koperasi"),
            ("nib", "nib", "NIB"),
        ):
            value = getattr(coop, field).strip()
            if not value or any(e.kind == kind and e.number == value for e in events):
                continue
            logged = [e.number for e in events if e.kind == kind and e.number]
            if logged:
                conflicts.append(
                    f"{coop.pk} {coop.name}: {label} profil {value}, riwayat "
                    f"{logged[-1]}; riwayat dipakai"
                )
                continue
            if kind == "nik" and event_model.objects.filter(
                kind="nik", number=value
            ).exists():
                conflicts.append(
                    f"{coop.pk} {coop.name}: {label} {value} tercatat pada koperasi "
                    "lain; tidak dipindahkan"
                )
                continue
            date = _first_held(history, coop, field, value)
            if coop.ahu_date and date < coop.ahu_date:
                date = coop.ahu_date
            events.append(
                event_model.objects.create(
                    cooperative=coop, kind=kind, date=date, number=value,
                    note=MIGRATED_NOTE,
                )
            )
        events.sort(key=lambda e: (e.date, e.pk))
        first, numbered, latest = {}, {}, {}
        for event in events:
            first.setdefault(event.kind, event)
            if event.number:
                numbered.setdefault(event.kind, event.date)
                latest[event.kind] = event.number
        for event in events:
            for kind in ORDER.get(event.kind, ()):
                if kind in first and event.date < first[kind].date:
                    conflicts.append(
                        f"{coop.pk} {coop.name}: langkah {event.kind} {event.date} "
                        f"sebelum {kind} {first[kind].date}; perbaiki riwayatnya"
                    )
        cooperative_model.objects.filter(pk=coop.pk).update(
            nik_koperasi=latest.get("nik", ""),
            nik_date=numbered.get("nik"),
            nib=latest.get("nib", ""),
            nib_date=numbered.get("nib"),
        )
    for line in conflicts:
        print(f"  [kopontren 0007] {line}")


class Migration(migrations.Migration):
    dependencies = [("kopontren", "0006_legal_log_is_the_source_of_nib_and_nik")]

    operations = [migrations.RunPython(reconcile, migrations.RunPython.noop)]

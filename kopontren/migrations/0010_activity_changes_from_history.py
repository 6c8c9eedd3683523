"""Each aktif / tidak aktif toggle already in a cooperative's history becomes a dated
activity change, so summaries as of a year read it (dated when it was recorded)."""

from django.db import migrations
from django.utils import timezone

NOTE = "Dari riwayat perubahan data"


def backfill(apps, schema_editor):
    cooperative_model = apps.get_model("kopontren", "Cooperative")
    change_model = apps.get_model("kopontren", "ActivityChange")
    history = apps.get_model("kopontren", "HistoricalCooperative")
    existing = set(cooperative_model.objects.values_list("pk", flat=True))
    previous = {}
    latest = {}
    rows = history.objects.order_by("id", "history_date", "history_id").values_list(
        "id", "history_date", "is_active"
    )
    for pk, moment, is_active in rows.iterator():
        if pk in existing and pk in previous and previous[pk] != is_active:
            date = timezone.localdate(moment) if timezone.is_aware(moment) else moment
            change_model.objects.create(
                cooperative_id=pk, date=date, is_active=is_active, note=NOTE
            )
            latest[pk] = date
        previous[pk] = is_active
    for pk, date in latest.items():
        cooperative_model.objects.filter(pk=pk).update(active_since=date)


class Migration(migrations.Migration):
    dependencies = [("kopontren", "0009_dated_activity_changes")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

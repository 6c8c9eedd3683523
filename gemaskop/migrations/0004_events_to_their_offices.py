from django.db import migrations


def events_to_offices(apps, schema_editor):
    """Each event without an office goes to its kabupaten's office, else its
    province's; with neither it keeps none (the settings' default office)."""
    Event = apps.get_model("gemaskop", "Event")
    Office = apps.get_model("portal", "Office")
    offices = dict(Office.objects.values_list("region_id", "pk"))
    if not offices:
        return
    for event in Event.objects.filter(office__isnull=True).only("pk", "kabupaten_id"):
        code = event.kabupaten_id
        office = offices.get(code) or offices.get(code.split(".")[0])
        if office:
            Event.objects.filter(pk=event.pk).update(office_id=office)


class Migration(migrations.Migration):
    dependencies = [
        ("gemaskop", "0003_event_office_signatory_papers"),
        ("portal", "0003_offices_units_number_counters"),
    ]

    operations = [migrations.RunPython(events_to_offices, migrations.RunPython.noop)]

from django.db import migrations

from portal import regions


def load(apps, schema_editor):
    region = apps.get_model("portal", "Region")
    regions.load_level(region, regions.PROVINSI)
    regions.load_level(region, regions.KABUPATEN)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def backfill(apps, schema_editor):
    """Fill the step dates added in 0004 from each cooperative's legal-status log."""
    cooperative = apps.get_model("kopontren", "Cooperative")
    legal_event = apps.get_model("kopontren", "LegalEvent")

    def first(kind):
        return Subquery(
            legal_event.objects.filter(cooperative=OuterRef("pk"), kind=kind)
            .order_by()
            .values("cooperative")
            .annotate(first=Min("date"))
            .values("first")
        )

    cooperative.objects.update(akta_date=first("akta"), dissolved_date=first("bubar"))


class Migration(migrations.Migration):
    dependencies = [("kopontren", "0004_legal_step_dates")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

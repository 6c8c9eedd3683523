"""Turn each one-way exchange into its two sides, where the response says what went
the other way; list those it could not."""

from django.db import migrations

OFFER = "tawaran"


def split_one_way_exchanges(apps, schema_editor=None):
    """Give every exchange its sides; return a line for each whose second side is
    not recorded anywhere (a need answered, or an offer answered without a product).

    The old record put the response's quantity on the listing's goods: for an offer
    the poster gave the listing's quantity, and the response's quantity belongs to
    the product the responder gave back."""
    Exchange = apps.get_model("opop", "Exchange")
    ExchangeSide = apps.get_model("opop", "ExchangeSide")
    incomplete = []
    exchanges = Exchange.objects.select_related(
        "listing", "response__product", "giver", "receiver"
    ).filter(sides__isnull=True)
    for exchange in exchanges.order_by("pk"):
        listing, response = exchange.listing, exchange.response
        if listing.kind == OFFER:
            ExchangeSide.objects.create(
                exchange=exchange,
                cooperative_id=exchange.giver_id,
                product_id=exchange.product_id,
                item=exchange.item,
                quantity=listing.quantity,
                unit=exchange.unit,
            )
            if response.product_id:
                ExchangeSide.objects.create(
                    exchange=exchange,
                    cooperative_id=exchange.receiver_id,
                    product_id=response.product_id,
                    item=response.product.name,
                    quantity=response.quantity or listing.quantity,
                    unit=listing.unit,
                )
                continue
        else:
            ExchangeSide.objects.create(
                exchange=exchange,
                cooperative_id=exchange.giver_id,
                product_id=exchange.product_id,
                item=exchange.item,
                quantity=exchange.quantity,
                unit=exchange.unit,
            )
        incomplete.append(
            f"#{exchange.pk} {exchange.giver.name} → {exchange.receiver.name}: "
            f"{exchange.quantity} {exchange.unit} {exchange.item}"
        )
    return incomplete


def forwards(apps, schema_editor):
    incomplete = split_one_way_exchanges(apps, schema_editor)
    if incomplete:
        print(
            "\n  Pertukaran tanpa catatan sisi kedua (lengkapi di admin):\n    "
            + "\n    ".join(incomplete)
        )


class Migration(migrations.Migration):
    dependencies = [("opop", "0002_exchange_sides")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

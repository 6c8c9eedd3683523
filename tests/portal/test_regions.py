import pytest
from django.core.management import call_command

from portal.access import contains, within
from portal.models import Region


@pytest.mark.django_db
def test_migrate_brings_every_province_and_kabupaten():
    assert Region.objects.provinces().count() == 38
    assert Region.objects.kabupatens().count() == 514
    assert Region.objects.get(code="35.09").name == "Kabupaten Jember"
    assert Region.objects.get(code="63.72").name == "Kota Banjarbaru"
    assert Region.objects.get(code="63.72").parent_id == "63"


@pytest.mark.django_db
def test_loading_kecamatan_and_desa_is_idempotent():
    call_command("load_regions", "--within", "35.09")
    first = Region.objects.count()
    call_command("load_regions", "--within", "35.09")
    assert Region.objects.count() == first
    jember_kecamatan = Region.objects.filter(parent_id="35.09")
    assert jember_kecamatan.count() == 31
    assert Region.objects.filter(code__startswith="35.09.", level=4).count() > 200
    # Nothing outside Jember came along.
    assert not Region.objects.filter(code__startswith="63.", level=3).exists()


@pytest.mark.django_db
def test_region_contains_its_descendants_only():
    # The one containment rule is portal.access's, for Region rows and codes alike.
    jember = Region.objects.get(code="35.09")
    assert contains(jember, "35.09.01")
    assert not contains(jember, "35.091")
    assert not contains(jember, "35.10")
    assert contains(jember, "35.09")
    assert not contains(jember, None)
    codes = set(
        Region.objects.filter(within("", jember)).values_list("code", flat=True)
    )
    assert "35.09" in codes and "35.10" not in codes

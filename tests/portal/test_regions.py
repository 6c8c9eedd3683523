import pytest
from django.core.management import call_command

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
    jember = Region.objects.get(code="35.09")
    assert jember.contains("35.09.01")
    assert not jember.contains("35.091")
    assert not jember.contains("35.10")
    assert jember.contains("35.09")
    assert not jember.contains(None)

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from kopontren.models import Cooperative, Pesantren
from portal.models import User
from tests.conftest import client_for


@pytest.mark.django_db
def test_seed_demo_makes_the_demo_accounts_and_is_idempotent():
    call_command("seed_demo")
    counts = (
        User.objects.count(),
        Pesantren.objects.count(),
        Cooperative.objects.count(),
    )
    call_command("seed_demo")
    assert counts == (
        User.objects.count(),
        Pesantren.objects.count(),
        Cooperative.objects.count(),
    )
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "admin",
        "staf-jember",
        "pengurus-a",
        "pengurus-b",
        "provinsi-kalsel",
        "provinsi-jatim",
        "staf-kalsel",
    } <= usernames
    kalsel = User.objects.get(username="staf-kalsel")
    assert kalsel.role == "staf_provinsi" and kalsel.region_id == "63"
    staf = User.objects.get(username="staf-jember")
    assert staf.role == "staf" and staf.region_id == "35.09"
    assert staf.check_password("sawah-hijau-pagi-hari")
    a = User.objects.get(username="pengurus-a").cooperatives.get()
    b = User.objects.get(username="pengurus-b").cooperatives.get()
    assert a != b and a.kabupaten_id == b.kabupaten_id == "35.09"


@pytest.mark.django_db
def test_demo_registry_has_every_legal_stage_and_kalsel_25_in_2024():
    call_command("seed_demo")
    jember = Cooperative.objects.filter(kabupaten_id="35.09")
    assert set(jember.values_list("legal_status", flat=True)) == {
        "belum",
        "proses",
        "bh",
        "bubar",
    }
    assert Pesantren.objects.filter(kabupaten_id="35.09").count() == 40
    assert Pesantren.objects.filter(kabupaten_id="35.09").without_cooperative().exists()
    kalsel_2024 = Cooperative.objects.filter(
        kabupaten__code__startswith="63.", ahu_date__year=2024
    )
    assert kalsel_2024.count() == 25


@pytest.mark.django_db
def test_demo_kalsel_table_shows_25_berbadan_hukum_at_the_end_of_2024():
    """The article's figure under both readings: 25 berbadan hukum at the end of 2024,
    and all 25 approved in 2024."""
    call_command("seed_demo")
    client = client_for(User.objects.get(username="provinsi-kalsel"))
    response = client.get(reverse("portal:summary"), {"tahun": 2024})
    totals = response.context["table"].totals.cells
    assert totals["bh"].value == 25
    # A NIK Koperasi needs the legal status first: no year shows more NIKs.
    assert totals["nik"].value <= totals["bh"].value
    by_year = response.context["by_year"]
    assert by_year["totals"][by_year["years"].index(2024)].value == 25
    kalsel = Cooperative.objects.kopontren().filter(kabupaten__code__startswith="63.")
    end_2024 = kalsel.with_status_as_of(datetime.date(2024, 12, 31))
    assert set(
        end_2024.filter(status_at="bh").values_list("ahu_date__year", flat=True)
    ) == {2024}

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opop.models import Product
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gf
from tests.opop import factories as of

SUMMARY = reverse("portal:summary")
D = datetime.date


def build_funnel(kabupaten="35.09", year=2025):
    """Seven pesantren at Jember's 2025 sosialisasi, each one stage further than the
    one before; one more pesantren with everything that was never reached."""
    event = gf.event(kabupaten=kabupaten, start_date=D(year, 10, 6))
    session = gf.session(event_obj=event)
    pesantren = [
        factories.pesantren(name=f"Tahap {i}", kabupaten=kabupaten) for i in range(7)
    ]
    for index, p in enumerate(pesantren):
        gf.attend(session_obj=session, name=f"Santri {index}", pesantren=p)
    for index, p in enumerate(pesantren[1:], start=1):
        coop = factories.cooperative(pesantren_obj=p, name=f"Koperasi Tahap {index}")
        if index >= 2:
            factories.berbadan_hukum(cooperative_obj=coop, ahu_date=D(2024, 1, 1))
        if index >= 3:
            coop.nik_koperasi = f"{kabupaten.replace('.', '')}0000000{index}"
            coop.save()
        if index >= 4:
            of.membership(cooperative_obj=coop)
        if index >= 5:
            product = of.product(cooperative_obj=coop)
            of.permit(product_obj=product, issued_on=D(2024, 6, 1), verified=True)
        if index >= 6:
            Product.objects.filter(pk=product.pk).update(
                curation_status=Product.Curation.DIKURASI
            )
    never = factories.cooperative(name="Tak dijangkau", kabupaten=kabupaten)
    factories.berbadan_hukum(cooperative_obj=never, ahu_date=D(2023, 1, 1))
    return pesantren


def totals(response):
    return [value for value, _url in response.context["funnel"]["totals"]]


def test_each_stage_counts_those_that_passed_every_stage_before(staf):
    build_funnel()
    response = client_for(staf).get(SUMMARY)
    assert totals(response) == [7, 6, 5, 4, 3, 2, 1]


def test_year_filter_counts_only_those_reached_that_year(staf):
    build_funnel()
    client = client_for(staf)
    assert totals(client.get(SUMMARY, {"tahun": 2025})) == [7, 6, 5, 4, 3, 2, 1]
    assert totals(client.get(SUMMARY, {"tahun": 2024})) == [0] * 7


def test_every_funnel_number_opens_exactly_its_pesantren(admin, staf):
    build_funnel()
    build_funnel(kabupaten="63.72")
    for user, params in ((staf, {}), (admin, {}), (admin, {"provinsi": "63"})):
        client = client_for(user)
        funnel = client.get(SUMMARY, params).context["funnel"]
        cells = list(funnel["totals"])
        for row in funnel["rows"]:
            cells += row["cells"]
        for value, url in cells:
            listing = client.get(url)
            assert listing.status_code == 200
            assert listing.context["page"].paginator.count == value, url


def test_provincial_official_sees_only_their_province_in_the_funnel(provinsi_kalsel):
    build_funnel()
    build_funnel(kabupaten="63.72")
    response = client_for(provinsi_kalsel).get(SUMMARY)
    assert [row["code"] for row in response.context["funnel"]["rows"]] == ["63.72"]
    assert totals(response)[0] == 7


def test_funnel_export_lists_the_stages(staf):
    build_funnel()
    url = reverse("portal:summary_export", args=["corong", "csv"])
    rows = list(
        csv.reader(io.StringIO(client_for(staf).get(url).content.decode("utf-8-sig")))
    )
    header = rows[4]
    assert header[2:] == [
        "Dijangkau GEMASKOP",
        "Punya koperasi",
        "Berbadan hukum",
        "Punya NIK Koperasi",
        "Anggota OPOP",
        "Produk berizin",
        "Produk terkurasi",
    ]
    assert rows[-1][2:] == ["7", "6", "5", "4", "3", "2", "1"]


def test_funnel_query_count_does_not_grow(admin):
    client = client_for(admin)
    build_funnel()
    with CaptureQueriesContext(connection) as small:
        client.get(SUMMARY)
    build_funnel(kabupaten="63.72")
    build_funnel(kabupaten="35.10")
    with CaptureQueriesContext(connection) as large:
        client.get(SUMMARY)
    assert len(small) == len(large)


def test_unknown_stage_is_404_and_officers_are_refused(staf, pengurus_a):
    url = reverse("portal:funnel_list")
    assert client_for(staf).get(url, {"tahap": "entah"}).status_code == 404
    assert client_for(pengurus_a).get(url, {"tahap": "bh"}).status_code == 403
    assert client_for(None).get(url, {"tahap": "bh"}).status_code == 302

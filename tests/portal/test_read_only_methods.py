"""Pages that only show things answer GET and HEAD; any other method is refused, for
every role, and nothing changes."""

import pytest
from django.urls import reverse

from kopontren.models import ChangeRequest, Cooperative, Pesantren
from tests.conftest import client_for


def read_only_urls(coop, change_request):
    return [
        reverse("portal:home"),
        reverse("portal:about"),
        reverse("portal:healthz"),
        reverse("portal:summary"),
        reverse("portal:summary_rat"),
        reverse("portal:summary_export", args=["status", "csv"]),
        reverse("portal:summary_export", args=["rat", "csv"]),
        reverse("portal:funnel_list") + "?tahap=bh",
        reverse("kopontren:cooperative_list"),
        reverse("kopontren:cooperative_detail", args=[coop.pk]),
        reverse("kopontren:pesantren_list"),
        reverse("kopontren:pesantren_detail", args=[coop.pesantren_id]),
        reverse("kopontren:change_request_queue"),
        reverse("kopontren:change_request_detail", args=[change_request.pk]),
        reverse("kopontren:directory"),
        reverse("kopontren:directory_detail", args=[coop.pesantren_id]),
        reverse("kopontren:io_export"),
        reverse("kopontren:io_export_download", args=["koperasi"]),
    ]


@pytest.mark.parametrize(
    "who", ["admin", "staf", "pengurus_a", "pengurus_b", "provinsi", "anonim"]
)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_read_only_pages_refuse_unsafe_methods(personas, who, method, coop_a):
    request = ChangeRequest.objects.create(
        cooperative=coop_a,
        target="profil",
        payload={"phone": "0811"},
        submitted_by=personas["pengurus_a"],
    )
    client = client_for(personas[who])
    before = (
        Cooperative.objects.count(),
        Pesantren.objects.count(),
        ChangeRequest.objects.filter(status="menunggu").count(),
    )
    for url in read_only_urls(coop_a, request):
        response = getattr(client, method)(url, {"name": "Diubah"})
        assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
        if who != "anonim":
            assert response.status_code in (403, 404, 405), url
    after = (
        Cooperative.objects.count(),
        Pesantren.objects.count(),
        ChangeRequest.objects.filter(status="menunggu").count(),
    )
    assert before == after
    coop_a.refresh_from_db()
    assert coop_a.name == "Kopontren Uji Alif"


def test_head_still_answers(staf, coop_a):
    response = client_for(staf).head(reverse("kopontren:cooperative_list"))
    assert response.status_code == 200

"""No lost update: the cooperative and pesantren forms carry the version they were
opened at; a second save from the same version is refused, naming who changed what,
and the first save is kept."""

from django.urls import reverse

from tests import factories
from tests.conftest import client_for


def form_data(response):
    """What the browser would send back for the form as it was rendered."""
    data = {}
    form = response.context["form"]
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value is not None and value is not False:
            data[name] = value
    return data


def test_a_second_save_from_the_same_version_is_refused(staf, coop_a):
    other = factories.user(
        username="staf-dua", first_name="Rina", role=staf.role, region_code="35.09"
    )
    url = reverse("kopontren:cooperative_edit", args=[coop_a.pk])
    first, second = client_for(staf), client_for(other)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    changes_before = coop_a.history.count()

    saved = first.post(url, {**mine, "name": "Kopontren Alif Baru"})
    assert saved.status_code == 302
    refused = second.post(url, {**theirs, "phone": "089999999999"})

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Data ini sudah diubah oleh staf-uji pada" in text
    assert "Kopontren Uji Alif" in text and "Kopontren Alif Baru" in text
    coop_a.refresh_from_db()
    assert coop_a.name == "Kopontren Alif Baru"
    assert coop_a.phone == "081234567890"
    assert coop_a.history.count() == changes_before + 1


def test_a_save_from_the_latest_version_goes_through(staf, coop_a):
    url = reverse("kopontren:cooperative_edit", args=[coop_a.pk])
    client = client_for(staf)
    client.post(url, {**form_data(client.get(url)), "name": "Nama Pertama"})
    client.post(url, {**form_data(client.get(url)), "name": "Nama Kedua"})
    coop_a.refresh_from_db()
    assert coop_a.name == "Nama Kedua"


def test_the_pesantren_form_is_versioned_too(staf, coop_a):
    pesantren = coop_a.pesantren
    url = reverse("kopontren:pesantren_edit", args=[pesantren.pk])
    first, second = client_for(staf), client_for(staf)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    saved = first.post(url, {**mine, "pengasuh": "KH. Pertama"})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {**theirs, "pengasuh": "KH. Kedua"})
    assert "Data ini sudah diubah oleh" in refused.content.decode()
    pesantren.refresh_from_db()
    assert pesantren.pengasuh == "KH. Pertama"

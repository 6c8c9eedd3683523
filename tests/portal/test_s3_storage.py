"""Uploads in S3-compatible storage (moto's server on loopback): a document goes to
the bucket, not the disk, and comes back only through the permission-checked view;
the bucket is private; existing media move to it with their checksums checked."""

import hashlib
import io
import urllib.error
import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests import factories
from tests.conftest import client_for


@pytest.fixture
def bucket(settings, s3_server):
    storage = s3_server.storage()
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return s3_server, storage["OPTIONS"]["location"]


def upload(client, coop, content):
    return client.post(
        reverse("kopontren:document_create", args=[coop.pk]),
        {
            "kind": "akta",
            "title": "Akta pendirian",
            "file": SimpleUploadedFile("akta.pdf", content, "application/pdf"),
        },
    )


def test_an_uploaded_deed_lands_in_the_bucket_and_not_on_the_disk(
    bucket, settings, staf, staf_banjarbaru, coop_a
):
    server, prefix = bucket
    content = factories.pdf_bytes()
    assert upload(client_for(staf), coop_a, content).status_code == 302

    document = coop_a.documents.get()
    assert server.keys(prefix) == [document.file.name]
    assert not settings.MEDIA_ROOT.exists() or not any(
        settings.MEDIA_ROOT.rglob("*.pdf")
    )

    url = reverse(
        "kopontren:document_download", args=[coop_a.pk, "dokumen", document.pk]
    )
    response = client_for(staf).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")
    # Another region's staff: not found, as with files on disk.
    assert client_for(staf_banjarbaru).get(url).status_code == 404


def test_the_bucket_is_private(bucket, staf, coop_a):
    server, prefix = bucket
    upload(client_for(staf), coop_a, factories.pdf_bytes())
    key = f"{prefix}/{coop_a.documents.get().file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server.url}/portal-test/{key}", timeout=10)
    assert refused.value.code == 403


def test_existing_media_move_to_the_bucket_with_their_checksums(
    bucket, settings, tmp_path
):
    server, prefix = bucket
    source = tmp_path / "old-media"
    (source / "dokumen" / "7").mkdir(parents=True)
    files = {
        "dokumen/7/akta.pdf": factories.pdf_bytes(),
        "produk/foto.png": bytes(range(256)) * 40,
    }
    for name, content in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes(content)

    call_command("media_to_bucket", source=str(source), stdout=open("/dev/null", "w"))

    assert sorted(server.keys(prefix)) == sorted(files)
    for name, content in files.items():
        with default_storage.open(name, "rb") as stored:
            assert (
                hashlib.sha256(stored.read()).digest()
                == hashlib.sha256(content).digest()
            )
    # Again: nothing copied twice.
    again = io.StringIO()
    call_command("media_to_bucket", source=str(source), stdout=again)
    assert "0 files copied, 2 already there, 0 not matching" in again.getvalue()


def test_moving_media_needs_a_bucket(settings, tmp_path):
    with pytest.raises(CommandError, match="PORTAL_S3_BUCKET"):
        call_command("media_to_bucket", source=str(tmp_path))


def test_healthz_asks_the_bucket(bucket, client):
    assert client.get("/healthz").json()["media"] == "ok"

"""Every URL the resolver knows, as every persona, against one written table.

For each URL name the table gives the status of a GET and of a POST for each
persona (columns in `access_world.PERSONAS` order), once per object the path is
filled with: the Jember record ("j", coop_a's) and the Kalimantan Selatan record
("k", in Banjarbaru). A URL without an entry fails the test; so does any 5xx. A
refused POST (302 to the log-in page, 403, 404, 405) must leave the database as
it was. Each request runs in a savepoint that is rolled back, so an allowed POST
(a deletion, say) does not change the world for the next URL.
"""

import pytest
from django.conf import settings
from django.contrib import admin as admin_site
from django.db import connection, transaction
from django.test import Client
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)

from tests.portal import access_world
from tests.portal.access_world import PERSONAS

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, MISSING, METHOD = 200, 302, 403, 404, 405
# Tables a refused request may still write: the session and the rate-limit cache.
BOOKKEEPING = ("django_session", "portal_cache")


def row(text):
    """'302 302 200 …' → {persona: status}, in PERSONAS order."""
    statuses = [int(part) for part in text.split()]
    assert len(statuses) == len(PERSONAS), text
    return dict(zip(PERSONAS, statuses, strict=True))


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def url_names():
    """Every named URL the resolver knows, the admin's included."""
    return sorted(set(walk(get_resolver().url_patterns)))


# --- how each URL's path is filled ---------------------------------------------


def side_args(w, key):
    """Path parameters for each URL name, from one side of the world."""
    s = getattr(w, {"j": "jember", "k": "kalsel"}[key])
    coop, ev = s.coop.pk, s.event.pk
    ses = {"pk": ev, "session_pk": s.session.pk}
    return {
        "portal:office_edit": {"pk": s.office.pk},
        "portal:job_detail": {"pk": s.job.pk},
        "portal:job_status": {"pk": s.job.pk},
        "portal:job_download": {"pk": s.job.pk},
        "portal:job_cancel": {"pk": s.job.pk},
        "portal:unit_create": {"pk": s.office.pk},
        "portal:unit_edit": {"pk": s.office.pk, "unit_pk": s.unit.pk},
        "kopontren:cooperative_detail": {"pk": coop},
        "kopontren:cooperative_edit": {"pk": coop},
        "kopontren:officer_create": {"pk": coop},
        "kopontren:officer_edit": {"pk": coop, "officer_pk": s.officer.pk},
        "kopontren:figures_create": {"pk": coop},
        "kopontren:figures_edit": {"pk": coop, "figures_pk": s.figures.pk},
        "kopontren:legal_event_create": {"pk": coop},
        "kopontren:cooperative_confirm": {"pk": coop},
        "kopontren:secondary_membership_create": {"pk": s.secondary.pk},
        "kopontren:secondary_membership_edit": {
            "pk": s.secondary.pk,
            "membership_pk": s.secondary_membership.pk,
        },
        "kopontren:legal_event_edit": {"pk": coop, "event_pk": s.legal.pk},
        "kopontren:document_create": {"pk": coop},
        "kopontren:record_delete": {
            "pk": coop,
            "kind": "pengurus",
            "record_pk": s.officer.pk,
        },
        "kopontren:document_replace": {"pk": coop, "document_pk": s.document.pk},
        "kopontren:document_delete": {"pk": coop, "document_pk": s.document.pk},
        "kopontren:document_download": {
            "pk": coop,
            "kind": "dokumen",
            "record_pk": s.document.pk,
        },
        "kopontren:invite_officer": {"pk": coop},
        "kopontren:pesantren_detail": {"pk": s.pesantren.pk},
        "kopontren:pesantren_edit": {"pk": s.pesantren.pk},
        "kopontren:change_request_detail": {"pk": s.request.pk},
        "kopontren:change_request_approve": {"pk": s.request.pk},
        "kopontren:change_request_reject": {"pk": s.request.pk},
        "kopontren:directory_detail": {"pk": s.pesantren.pk},
        # Merge the side's second cooperative (coop_b; Kalsel's "Kopontren Kalsel 2")
        # into its first.
        "kopontren:duplicate_merge": {
            "kind": "koperasi",
            "kept": coop,
            "merged": s.response.cooperative.pk,
        },
        "gemaskop:event_detail": {"pk": ev},
        "gemaskop:event_edit": {"pk": ev},
        "gemaskop:event_file": {"pk": ev, "kind": "materi", "record_pk": s.speaker.pk},
        "gemaskop:participant_edit": {"pk": ev, "participant_pk": s.participant.pk},
        "gemaskop:invitation_list": {"pk": ev},
        "gemaskop:invitation_invite_many": {"pk": ev},
        "gemaskop:invitation_delete": {"pk": ev, "invitation_pk": s.invitation.pk},
        "gemaskop:poster": {"pk": ev},
        "gemaskop:badges_pdf": {"pk": ev},
        "gemaskop:event_report": {"pk": ev},
        "gemaskop:certificates_issue": {"pk": ev},
        "gemaskop:certificates_pdf": {"pk": ev},
        "gemaskop:certificate_pdf": {"pk": ev, "certificate_pk": s.certificate.pk},
        "gemaskop:desk": ses,
        "gemaskop:desk_list": ses,
        "gemaskop:attendance_add": ses,
        "gemaskop:registry_options": ses,
        "gemaskop:registry_lookup": ses,
        "gemaskop:event_registry_lookup": {"pk": ev},
        "gemaskop:participants_link": {"pk": ev},
        "gemaskop:invitation_present": {**ses, "invitation_pk": s.invitation.pk},
        "gemaskop:attendance_remove": {**ses, "attendance_pk": s.attendance.pk},
        "gemaskop:import": ses,
        "gemaskop:import_confirm": ses,
        "gemaskop:daftar_hadir": ses,
        "gemaskop:record_create": {"pk": ev, "kind": "narasumber"},
        "gemaskop:record_edit": {
            "pk": ev,
            "kind": "narasumber",
            "record_pk": s.speaker.pk,
        },
        "gemaskop:checkin": {"token": s.event.checkin_token},
        "gemaskop:checkin_lookup": {"token": s.event.checkin_token},
        "gemaskop:certificate_verify": {"code": s.certificate.token},
        "opop:catalogue_detail": {"pk": s.product.pk},
        "opop:photo": {"pk": s.product_photo.pk, "size": "kecil"},
        "opop:product_detail": {"pk": s.product.pk},
        "opop:product_edit": {"pk": s.product.pk},
        "opop:product_delete": {"pk": s.product.pk},
        "opop:product_curate": {"pk": s.product.pk},
        "opop:photo_add": {"pk": s.product.pk},
        "opop:photo_delete": {"pk": s.product.pk, "photo_pk": s.product_photo.pk},
        "opop:permit_create": {"pk": s.product.pk},
        "opop:permit_edit": {"pk": s.product.pk, "permit_pk": s.permit.pk},
        "opop:permit_delete": {"pk": s.product.pk, "permit_pk": s.permit.pk},
        "opop:permit_document": {"pk": s.product.pk, "permit_pk": s.permit.pk},
        "opop:membership_detail": {"pk": s.membership.pk},
        "opop:membership_edit": {"pk": s.membership.pk},
        "opop:work_plan_create": {"pk": s.membership.pk},
        "opop:work_plan_edit": {"pk": s.membership.pk, "plan_pk": s.plan.pk},
        "opop:membership_file": {"pk": s.membership.pk, "kind": "pakta"},
        "opop:work_plan_file": {
            "pk": s.membership.pk,
            "kind": "rencana",
            "obj_pk": s.plan.pk,
        },
        "opop:listing_detail": {"pk": s.listing.pk},
        "opop:listing_respond": {"pk": s.listing.pk},
        "opop:listing_close": {"pk": s.listing.pk},
        "opop:response_accept": {"pk": s.response.pk},
        "opop:exchange_decide": {"pk": s.exchange.pk, "decision": "batalkan"},
    }


FIXED_ARGS = {
    "portal:summary_export": {"table": "status", "file_format": "csv"},
    "kopontren:io_import_preview": {"token": "bukan-milik-siapa-pun"},
    "kopontren:io_import_confirm": {"token": "bukan-milik-siapa-pun"},
    "kopontren:io_import_cancel": {"token": "bukan-milik-siapa-pun"},
    "kopontren:io_import_template": {"kind": "koperasi"},
    "kopontren:io_export_download": {"kind": "pengurus"},
    "opop:import": {"kind": "produk"},
    "opop:import_confirm": {"kind": "produk"},
    "opop:export": {"kind": "produk"},
    "account_confirm_email": {"key": "kunci-palsu"},
    "account_reset_password_from_key": {"uidb36": "1", "key": "kunci-palsu"},
}


def admin_args(w, name):
    """The admin's pages of a registered model, filled with its first object
    (None: the model has no object in the world, the page is skipped)."""
    for model in admin_site.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if not name.startswith(prefix):
            continue
        suffix = name[len(prefix) :]
        try:
            reverse(name)
        except NoReverseMatch:
            pass
        else:
            return {}  # a page of the whole model: list, add, import, export
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            return None
        if suffix == "simple_history":
            return [obj.pk, obj.history.order_by("pk").first().pk]
        return {"object_id": obj.pk}
    if name == "admin:auth_user_password_change":
        return {"id": w.people["pengurus_a"].pk}
    if name == "admin:app_list":
        return {"app_label": "kopontren"}
    if name == "admin:view_on_site":
        coop = w.jember.coop
        return {"content_type_id": _content_type(coop), "object_id": coop.pk}
    return {}


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


# Pages that need a query to show anything (else a 404 for everyone).
QUERIES = {"portal:funnel_list": "?tahap=dijangkau"}


def path_of(name, params):
    if isinstance(params, list):
        return reverse(name, args=params)
    return reverse(name, kwargs=params) + QUERIES.get(name, "")


def variants(w, name):
    """(label, path kwargs) for each way the URL is filled."""
    if name.startswith("admin:"):
        return [("j", admin_args(w, name))]
    if name in side_args(w, "j"):
        return [("j", side_args(w, "j")[name]), ("k", side_args(w, "k")[name])]
    return [("-", FIXED_ARGS.get(name, {}))]


# --- the table -------------------------------------------------------------------
# Columns: anonim nonaktif admin staf staf_lain staf_kalsel provinsi_kalsel
#          provinsi_jatim pengurus_a pengurus_b
# "staf" is Jember's staff, "staf_lain" Banjarbaru's (63.72, Kalimantan Selatan),
# "staf_kalsel" the province's own staff (63); pengurus_a is coop_a's officer
# (Jember), pengurus_b coop_b's (Jember; both OPOP members).

EXPECTED = {
    "account_change_password": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 200 200 200 200 200 200 200 200"),
        ),
    },
    "account_confirm_email": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("404 404 404 404 404 404 404 404 404 404"),
        ),
    },
    "account_confirm_login_code": {
        "-": (
            row("302 302 302 302 302 302 302 302 302 302"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    "account_email": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    "account_email_verification_sent": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "account_inactive": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "account_login": {
        "-": (
            row("200 200 302 302 302 302 302 302 302 302"),
            row("200 200 302 302 302 302 302 302 302 302"),
        ),
    },
    "account_logout": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    "account_reauthenticate": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 200 200 200 200 200 200 200 200"),
        ),
    },
    "account_reset_password": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("200 200 200 200 200 200 200 200 200 200"),
        ),
    },
    "account_reset_password_done": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "account_reset_password_from_key": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("200 200 200 200 200 200 200 200 200 200"),
        ),
    },
    "account_reset_password_from_key_done": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "account_set_password": {
        "-": (
            row("302 302 302 302 302 302 302 302 302 302"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    "account_signup": {
        "-": (
            row("200 200 302 302 302 302 302 302 302 302"),
            row("200 200 302 302 302 302 302 302 302 302"),
        ),
    },
    "gemaskop:attendance_add": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 302 403 404 404 404"),
        ),
    },
    "gemaskop:attendance_remove": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "gemaskop:certificate_lookup": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:certificate_pdf": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:certificate_verify": {
        "j": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:certificates_issue": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 302 403 404 404 404"),
        ),
    },
    "gemaskop:certificates_pdf": {
        "j": (
            row("302 302 200 200 404 404 404 200 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:checkin": {
        "j": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("403 403 403 403 403 403 403 403 403 403"),
        ),
        "k": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("403 403 403 403 403 403 403 403 403 403"),
        ),
    },
    # Staff who manage the event only (like the QR poster).
    "gemaskop:badges_pdf": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    # The world's events are not today: the picker of a closed check-in answers 403.
    "gemaskop:checkin_lookup": {
        "j": (
            row("403 403 403 403 403 403 403 403 403 403"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("403 403 403 403 403 403 403 403 403 403"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:daftar_hadir": {
        "j": (
            row("302 302 200 200 404 404 404 200 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:desk": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:desk_list": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:event_create": {
        "-": (
            row("302 302 200 200 200 200 403 403 403 403"),
            row("302 302 200 200 200 200 403 403 403 403"),
        ),
    },
    "gemaskop:event_detail": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:event_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "gemaskop:event_file": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:event_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:event_registry_lookup": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:event_report": {
        "j": (
            row("302 302 200 200 404 404 404 200 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:import": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "gemaskop:import_confirm": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 302 403 404 404 404"),
        ),
    },
    "gemaskop:invitation_delete": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 302 403 404 404 404"),
        ),
    },
    "gemaskop:invitation_invite_many": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 302 403 404 404 404"),
        ),
    },
    "gemaskop:invitation_list": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "gemaskop:invitation_present": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 302 403 404 404 404"),
        ),
    },
    "gemaskop:participant_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "gemaskop:participants_link": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 302 403 404 404 404"),
        ),
    },
    "gemaskop:poster": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:record_create": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "gemaskop:record_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "gemaskop:registry_lookup": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:registry_options": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "gemaskop:report": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:change_request_approve": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 403 403 404 404 404"),
        ),
    },
    "kopontren:change_request_detail": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:change_request_queue": {
        "-": (
            row("302 302 200 200 200 403 403 403 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:change_request_reject": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 403 403 404 404 404"),
        ),
    },
    "kopontren:cooperative_create": {
        "-": (
            row("302 302 200 200 200 403 403 403 403 403"),
            row("302 302 200 200 200 403 403 403 403 403"),
        ),
    },
    "kopontren:cooperative_confirm": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 403 403 404 404 404"),
        ),
    },
    "kopontren:cooperative_detail": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:cooperative_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:cooperative_lookup": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:cooperative_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:directory": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:directory_detail": {
        "j": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:duplicate_list": {
        "-": (
            row("302 302 200 200 200 403 403 403 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:duplicate_merge": {
        # The world's pairs are both OPOP members (j) and both sides of an
        # exchange (k): the merge is refused with the reason, on the page (200).
        "j": (
            row("302 302 200 200 404 404 404 403 404 404"),
            row("302 302 200 200 404 404 404 403 404 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:document_create": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:document_delete": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:document_download": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:document_expiring": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:document_replace": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:figures_create": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:figures_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:invite_officer": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:io_export": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:io_export_download": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:io_import": {
        "-": (
            row("302 302 200 200 200 403 403 403 403 403"),
            row("302 302 200 200 200 403 403 403 403 403"),
        ),
    },
    "kopontren:io_import_cancel": {
        "-": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 404 404 404 403 403 403 403 403"),
        ),
    },
    "kopontren:io_import_confirm": {
        "-": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 404 404 404 403 403 403 403 403"),
        ),
    },
    "kopontren:io_import_preview": {
        "-": (
            row("302 302 404 404 404 403 403 403 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:io_import_template": {
        "-": (
            row("302 302 200 200 200 403 403 403 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:legal_event_create": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:legal_event_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:officer_create": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:officer_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:pesantren_create": {
        "-": (
            row("302 302 200 200 200 403 403 403 403 403"),
            row("302 302 200 200 200 403 403 403 403 403"),
        ),
    },
    "kopontren:pesantren_detail": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:pesantren_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:pesantren_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "kopontren:record_delete": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    # Adding an authenticator asks the password again (a forced log-in made no record).
    "kopontren:secondary_membership_create": {
        "j": (
            row("302 302 200 200 404 404 404 403 404 404"),
            row("302 302 200 200 404 404 404 403 404 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "kopontren:secondary_membership_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 404 404"),
            row("302 302 200 200 404 404 404 403 404 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "mfa_activate_totp": {
        "-": (
            row("302 302 302 302 302 302 302 302 302 302"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    # Only between password and code; no log-in is pending here.
    "mfa_authenticate": {
        "-": (
            row("302 302 302 302 302 302 302 302 302 302"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    # Nobody here has an authenticator app yet: nothing to deactivate.
    "mfa_deactivate_totp": {
        "-": (
            row("302 302 404 404 404 404 404 404 404 404"),
            row("302 302 404 404 404 404 404 404 404 404"),
        ),
    },
    "mfa_download_recovery_codes": {
        "-": (
            row("302 302 404 404 404 404 404 404 404 404"),
            row("302 302 404 404 404 404 404 404 404 404"),
        ),
    },
    "mfa_generate_recovery_codes": {
        "-": (
            row("302 302 302 302 302 302 302 302 302 302"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    "mfa_index": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "mfa_reauthenticate": {
        "-": (
            row("302 302 302 302 302 302 302 302 302 302"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    "mfa_view_recovery_codes": {
        "-": (
            row("302 302 404 404 404 404 404 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:board": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:catalogue": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:catalogue_detail": {
        "j": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:exchange_decide": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 403 403 404 404 404 403 302 302"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 403 404 403 403 403 404 404 404"),
        ),
    },
    "opop:exchange_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:export": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:import": {
        "-": (
            row("302 302 200 200 200 403 403 403 403 403"),
            row("302 302 200 200 200 403 403 403 403 403"),
        ),
    },
    "opop:import_confirm": {
        "-": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 302 403 403 403 403 403"),
        ),
    },
    "opop:listing_close": {
        "j": (
            row("302 302 403 403 404 404 404 403 200 403"),
            row("302 302 403 403 404 404 404 403 302 403"),
        ),
        "k": (
            row("302 302 403 404 403 403 403 404 403 403"),
            row("302 302 403 404 403 403 403 404 403 403"),
        ),
    },
    "opop:listing_create": {
        "-": (
            row("302 302 403 403 403 403 403 403 200 200"),
            row("302 302 403 403 403 403 403 403 200 200"),
        ),
    },
    "opop:listing_detail": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:listing_respond": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 403 403 404 404 404 403 403 302"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 403 404 403 403 403 404 302 302"),
        ),
    },
    "opop:membership_create": {
        "-": (
            row("302 302 200 200 200 200 403 403 403 403"),
            row("302 302 200 200 200 200 403 403 403 403"),
        ),
    },
    "opop:membership_detail": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:membership_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 403 404"),
            row("302 302 200 200 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "opop:membership_file": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:membership_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:permit_create": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "opop:permit_delete": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 302 302 404 404 404 403 302 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 302 404 302 403 403 404 404 404"),
        ),
    },
    "opop:permit_document": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:permit_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "opop:permit_verification": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:permit_worklist": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:photo": {
        "j": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:photo_add": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "opop:photo_delete": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 302 302 404 404 404 403 302 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 302 404 302 403 403 404 404 404"),
        ),
    },
    "opop:product_create": {
        "-": (
            row("302 302 200 200 200 403 403 403 200 200"),
            row("302 302 200 200 200 403 403 403 200 200"),
        ),
    },
    "opop:product_curate": {
        "j": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 302 404 404 404 403 403 404"),
        ),
        "k": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 302 404 302 302 403 404 404 404"),
        ),
    },
    "opop:product_delete": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 302 302 404 404 404 403 302 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 302 404 302 403 403 404 404 404"),
        ),
    },
    "opop:product_detail": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:product_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 403 403 404 404 404"),
            row("302 302 200 404 200 403 403 404 404 404"),
        ),
    },
    "opop:product_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:progress": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "opop:response_accept": {
        "j": (
            row("302 302 403 403 404 404 404 403 200 403"),
            row("302 302 403 403 404 404 404 403 200 403"),
        ),
        "k": (
            row("302 302 403 404 403 403 403 404 403 403"),
            row("302 302 403 404 403 403 403 404 403 403"),
        ),
    },
    "opop:work_plan_create": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "opop:work_plan_edit": {
        "j": (
            row("302 302 200 200 404 404 404 403 200 404"),
            row("302 302 200 200 404 404 404 403 200 404"),
        ),
        "k": (
            row("302 302 200 404 200 200 403 404 404 404"),
            row("302 302 200 404 200 200 403 404 404 404"),
        ),
    },
    "opop:work_plan_file": {
        "j": (
            row("302 302 200 200 404 404 404 200 200 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 200 404 200 200 200 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:about": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:access_request": {
        "-": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 200 403 403 403 403 403 403 403"),
        ),
    },
    "portal:funnel_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:healthz": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:home": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:office_create": {
        "-": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 200 403 403 403 403 403 403 403"),
        ),
    },
    "portal:job_cancel": {
        "j": (
            row("302 302 404 200 404 404 404 404 404 404"),
            row("302 302 404 302 404 404 404 404 404 404"),
        ),
        "k": (
            row("302 302 404 404 200 404 404 404 404 404"),
            row("302 302 404 404 302 404 404 404 404 404"),
        ),
    },
    "portal:job_detail": {
        "j": (
            row("302 302 404 200 404 404 404 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 404 404 200 404 404 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:job_download": {
        "j": (
            row("302 302 404 404 404 404 404 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 404 404 404 404 404 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:job_status": {
        "j": (
            row("302 302 404 200 404 404 404 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
        "k": (
            row("302 302 404 404 200 404 404 404 404 404"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:job_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:office_edit": {
        "j": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 200 403 403 403 403 403 403 403"),
        ),
        "k": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 200 403 403 403 403 403 403 403"),
        ),
    },
    "portal:office_list": {
        "-": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:privacy": {
        "-": (
            row("200 200 200 200 200 200 200 200 200 200"),
            row("405 405 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:summary": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:summary_export": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:summary_rat": {
        "-": (
            row("302 302 200 200 200 200 200 200 403 403"),
            row("302 302 405 405 405 405 405 405 405 405"),
        ),
    },
    "portal:unit_create": {
        "j": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 200 403 403 403 403 403 403 403"),
        ),
        "k": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 200 403 403 403 403 403 403 403"),
        ),
    },
    "portal:unit_edit": {
        "j": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 200 403 403 403 403 403 403 403"),
        ),
        "k": (
            row("302 302 200 403 403 403 403 403 403 403"),
            row("302 302 200 403 403 403 403 403 403 403"),
        ),
    },
    # The idle warning's "Tetap masuk": a POST from a logged-in page.
    "portal:session_keepalive": {
        "-": (
            row("302 302 405 405 405 405 405 405 405 405"),
            row("302 302 204 204 204 204 204 204 204 204"),
        ),
    },
    "set_language": {
        "-": (
            row("302 302 302 302 302 302 302 302 302 302"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
    # Each sees their own sessions; the POST logs out their other ones.
    "usersessions_list": {
        "-": (
            row("302 302 200 200 200 200 200 200 200 200"),
            row("302 302 302 302 302 302 302 302 302 302"),
        ),
    },
}


# The admin is the superuser's: everyone else is sent to its log-in page. The
# rule holds for every admin URL (its GET and its POST) but these.
ADMIN_RULE = (
    row("302 302 200 302 302 302 302 302 302 302"),
    row("302 302 200 302 302 302 302 302 302 302"),
)
ADMIN_EXCEPTIONS = {
    # The task queue's records are written by enqueuing only.
    "admin:django_tasks_database_dbtaskresult_add": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    # Number counters are read-only: they are written by issuing numbers only.
    "admin:portal_numbercounter_add": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:portal_numbercounter_change": (
        row("302 302 200 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:portal_numbercounter_delete": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:autocomplete": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 405 302 302 302 302 302 302 302"),
    ),
    "admin:jsi18n": (
        row("302 302 200 302 302 302 302 302 302 302"),
        row("302 302 405 302 302 302 302 302 302 302"),
    ),
    "admin:kopontren_changerequest_add": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:kopontren_changerequest_change": (
        row("302 302 200 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:kopontren_changerequest_delete": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:kopontren_cooperative_process_import": (
        row("302 302 405 302 302 302 302 302 302 302"),
        row("302 302 200 302 302 302 302 302 302 302"),
    ),
    "admin:kopontren_officer_process_import": (
        row("302 302 405 302 302 302 302 302 302 302"),
        row("302 302 200 302 302 302 302 302 302 302"),
    ),
    "admin:kopontren_pesantren_process_import": (
        row("302 302 405 302 302 302 302 302 302 302"),
        row("302 302 200 302 302 302 302 302 302 302"),
    ),
    "admin:kopontren_yearlyfigures_process_import": (
        row("302 302 405 302 302 302 302 302 302 302"),
        row("302 302 200 302 302 302 302 302 302 302"),
    ),
    "admin:login": (
        row("302 302 302 403 403 403 403 403 403 403"),
        row("302 302 200 403 403 403 403 403 403 403"),
    ),
    "admin:logout": (
        row("302 302 405 302 302 302 302 302 302 302"),
        row("302 302 302 302 302 302 302 302 302 302"),
    ),
    "admin:opop_permit_process_import": (
        row("302 302 405 302 302 302 302 302 302 302"),
        row("302 302 200 302 302 302 302 302 302 302"),
    ),
    "admin:opop_product_process_import": (
        row("302 302 405 302 302 302 302 302 302 302"),
        row("302 302 200 302 302 302 302 302 302 302"),
    ),
    "admin:password_change_done": (
        row("302 302 200 302 302 302 302 302 302 302"),
        row("302 302 405 302 302 302 302 302 302 302"),
    ),
    # Authenticators are enrolled by their owners; the admin resets them from the
    # accounts' list (recorded), never adds or edits one.
    "admin:mfa_authenticator_add": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    # The audit log is append-only: readable, never added, changed or deleted.
    "admin:portal_auditentry_add": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:portal_auditentry_change": (
        row("302 302 200 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:portal_auditentry_delete": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:portal_region_add": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:portal_region_change": (
        row("302 302 200 302 302 302 302 302 302 302"),
        row("302 302 302 302 302 302 302 302 302 302"),
    ),
    "admin:portal_region_delete": (
        row("302 302 403 302 302 302 302 302 302 302"),
        row("302 302 403 302 302 302 302 302 302 302"),
    ),
    "admin:view_on_site": (
        row("302 302 302 302 302 302 302 302 302 302"),
        row("302 302 302 302 302 302 302 302 302 302"),
    ),
}


def admin_expected(name):
    cells = ADMIN_EXCEPTIONS.get(name, ADMIN_RULE)
    return {"j": cells, "-": cells}


def expected_for(name):
    if name in EXPECTED:
        return EXPECTED[name]
    if name.startswith("admin:"):
        return admin_expected(name)
    return None


# --- the walk --------------------------------------------------------------------


def written_rows():
    """Rows changed in this transaction, bookkeeping tables aside."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables WHERE relname <> ALL(%s)",
            [list(BOOKKEEPING)],
        )
        return int(cursor.fetchone()[0])


def request(client, method, url):
    """One request in a savepoint that is rolled back; (response, rows written).
    The client keeps its first session: a log-out (or a log-in) undone by the
    rollback must not log it out of the requests that follow."""
    cookie = settings.SESSION_COOKIE_NAME
    if not hasattr(client, "first_session"):
        client.first_session = client.cookies.get(cookie)
    elif client.first_session is not None:
        client.cookies[cookie] = client.first_session.value
    else:
        client.cookies.pop(cookie, None)
    with transaction.atomic():
        before = written_rows()
        response = getattr(client, method)(url)
        written = written_rows() - before
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return response, written


def refused(response):
    """Refused: 403, 404, 405, or sent to a log-in page."""
    if response.status_code in (FORBIDDEN, MISSING, METHOD):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == LOGIN and (
        location.startswith(settings.LOGIN_URL) or "/login/" in location
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_every_persona_as_the_table_says(persona):
    world = access_world.build()
    user = world.people[persona]
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
        if persona == "nonaktif":
            user.is_active = False
            user.save(update_fields=["is_active"])
    missing, off = [], []
    for name in url_names():
        table = expected_for(name)
        if table is None:
            missing.append(name)
            continue
        for label, kwargs in variants(world, name):
            if kwargs is None:
                continue
            url = path_of(name, kwargs)
            get_row, post_row = table[label]
            response, _written = request(client, "get", url)
            if response.status_code >= 500 or response.status_code != get_row[persona]:
                off.append(f"GET {name}[{label}] {url}: {response.status_code}")
            if post_row is None:
                continue
            response, written = request(client, "post", url)
            status = response.status_code
            if status >= 500 or status != post_row[persona]:
                off.append(f"POST {name}[{label}] {url}: {status}")
            elif refused(response) and written:
                off.append(f"POST {name}[{label}] refused but wrote {written} rows")
    assert not missing, f"URLs with no entry in EXPECTED: {missing}"
    assert not off, f"{persona}: cells off the table:\n" + "\n".join(off)

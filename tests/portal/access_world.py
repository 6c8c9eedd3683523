"""The world the access matrix walks: every kind of record once in Jember (35.09,
coop_a's) and once in Banjarbaru (63.72, Kalimantan Selatan), and one persona per
role and region."""

import datetime
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from gemaskop import services as gemaskop_services
from gemaskop.models import EventPhoto
from kopontren.models import ChangeRequest, Document
from opop import services as opop_services
from opop.models import Response, WorkPlan
from portal.models import AuditEntry, Job, Office, OfficeUnit, User
from tests import factories
from tests.gemaskop import factories as gemaskop_factories
from tests.opop import factories as opop_factories

PDF = factories.pdf_bytes()

# Column order of every row of the matrix.
PERSONAS = (
    "anonim",
    "nonaktif",
    "admin",
    "staf",
    "staf_lain",
    "staf_kalsel",
    "provinsi_kalsel",
    "provinsi_jatim",
    "pengurus_a",
    "pengurus_b",
)


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def personas():
    """One account per role and region; `nonaktif` was deactivated after logging
    in (the matrix keeps its old session)."""
    user = factories.user
    return {
        "anonim": None,
        "nonaktif": user(username="nonaktif", role=User.Role.STAF, region_code="35.09"),
        "admin": user(
            username="admin-m", role=User.Role.ADMIN, is_staff=True, is_superuser=True
        ),
        "staf": user(username="staf-m", role=User.Role.STAF, region_code="35.09"),
        "staf_lain": user(
            username="staf-bjb", role=User.Role.STAF, region_code="63.72"
        ),
        "staf_kalsel": user(
            username="staf-kalsel-m", role=User.Role.STAF_PROVINSI, region_code="63"
        ),
        "provinsi_kalsel": user(
            username="prov-kalsel-m", role=User.Role.PROVINSI, region_code="63"
        ),
        "provinsi_jatim": user(
            username="prov-jatim-m", role=User.Role.PROVINSI, region_code="35"
        ),
        "pengurus_a": user(username="pengurus-a-m"),
        "pengurus_b": user(username="pengurus-b-m"),
    }


def side(*, label, kabupaten, officer, staff, suffix):
    """One cooperative with every record that hangs off it, and the office of its
    region (Jember's Diskopum; for Kalimantan Selatan the province's Diskop UKM)."""
    office = Office.objects.create(
        region_id=kabupaten if kabupaten == "35.09" else kabupaten.split(".")[0],
        name=f"Dinas Koperasi {label}",
        short_name=f"Dinas {label}",
        government=f"Pemerintah {label}",
        address="Jl. Uji 1",
    )
    unit = OfficeUnit.objects.create(
        office=office, name="Bidang Kelembagaan", head_name=f"Kepala {label}"
    )
    kecamatan = (
        factories.kecamatan()
        if kabupaten == "35.09"
        else factories.kecamatan(code="63.72.01", name="Landasan Ulin", parent="63.72")
    )
    pesantren = factories.pesantren(
        name=f"Pesantren {label}", kabupaten=kabupaten, kecamatan=kecamatan
    )
    coop = factories.cooperative(
        name=f"Kopontren {label}",
        pesantren_obj=pesantren,
        phone="081234567890",
    )
    if officer is not None:
        coop.officer_accounts.add(officer)
    records = SimpleNamespace(coop=coop, pesantren=pesantren, office=office, unit=unit)
    records.officer = factories.officer(cooperative_obj=coop, phone="081298765432")
    records.legal = factories.legal_event(
        cooperative_obj=coop,
        kind="akta",
        date=datetime.date(2024, 1, 10),
        document=pdf(f"akta-{suffix}.pdf"),
    )
    records.figures = factories.yearly_figures(cooperative_obj=coop, book_year=2024)
    records.document = Document.objects.create(
        cooperative=coop, kind="akta", title="Akta", file=pdf(f"dok-{suffix}.pdf")
    )
    records.request = ChangeRequest.objects.create(
        cooperative=coop,
        target=ChangeRequest.Target.DOCUMENT,
        payload={"kind": "akta", "title": "Akta baru"},
        file=pdf(f"usulan-{suffix}.pdf"),
        submitted_by=officer or staff,
    )
    # GEMASKOP: an event of the region that the cooperative's people attended.
    event = gemaskop_factories.event(name=f"Sosialisasi {label}", kabupaten=kabupaten)
    session = gemaskop_factories.session(event_obj=event)
    speaker = gemaskop_factories.speaker(
        event_obj=event, npwp="12.345.678.9-012.345", material=pdf(f"m-{suffix}.pdf")
    )
    added = gemaskop_factories.attend(
        session_obj=session,
        name=f"Santri {label}",
        pesantren=pesantren,
        phone="081234567890",
        entered_by=staff,
    )
    invitation, _created = gemaskop_services.invitation_create(
        event=event,
        affiliation=gemaskop_services.Affiliation(pesantren=pesantren),
        person_name=f"Undangan {label}",
    )
    certificates = gemaskop_services.certificates_issue(event=event)
    photo = EventPhoto.objects.create(
        event=event, image=opop_factories.photo_upload(name=f"e-{suffix}.png")
    )
    records.event = event
    records.session = session
    records.speaker = speaker
    records.photo = photo
    records.attendance = added.attendance
    records.participant = added.participant
    records.invitation = invitation
    records.certificate = next(c for c in certificates if c.participant_id)
    # OPOP: member, product with photo and permit, work plan, a listing.
    records.membership = opop_factories.membership(
        cooperative_obj=coop, pact_document=pdf(f"pakta-{suffix}.pdf")
    )
    records.product = opop_factories.product(cooperative_obj=coop, is_flagship=True)
    records.product_photo = opop_services.product_photo_add(
        product=records.product, upload=opop_factories.photo_upload()
    )
    records.permit = opop_factories.permit(
        product_obj=records.product, document=pdf(f"izin-{suffix}.pdf")
    )
    records.plan = WorkPlan.objects.create(
        membership=records.membership,
        year=2025,
        plan_file=pdf(f"rencana-{suffix}.pdf"),
    )
    records.listing = opop_factories.listing(cooperative_obj=coop, kind="tawaran")
    # A background job of the side's staff member, still running.
    records.job = Job.objects.create(
        owner=staff,
        title=f"Sertifikat {label}",
        task_path="gemaskop.tasks.certificates_render",
        params={"event": event.pk},
        status=Job.Status.RUNNING,
        total=10,
        done=3,
    )
    # A koperasi sekunder of the region (no pesantren) with the cooperative as member.
    records.secondary = factories.secondary_cooperative(
        name=f"Sekunder {label}", kabupaten=kabupaten
    )
    records.secondary_membership = factories.secondary_membership(
        secondary=records.secondary, primary=coop
    )
    return records


def build():
    """Both sides of the country, their people, and what they exchanged."""
    people = personas()
    jember = side(
        label="Alif",
        kabupaten="35.09",
        officer=people["pengurus_a"],
        staff=people["staf"],
        suffix="j",
    )
    kalsel = side(
        label="Banua",
        kabupaten="63.72",
        officer=None,
        staff=people["staf_lain"],
        suffix="k",
    )
    # coop_b: pengurus_b's cooperative in Jember, an OPOP member that answered
    # coop_a's offer; the answer and the exchange are both in Jember.
    coop_b = factories.cooperative(name="Kopontren Ba", kabupaten="35.09")
    coop_b.officer_accounts.add(people["pengurus_b"])
    opop_factories.membership(cooperative_obj=coop_b)
    jember.response = Response.objects.create(
        listing=jember.listing, cooperative=coop_b, message="Kami mau"
    )
    jember.exchange = opop_factories.agreed_exchange(giver=jember.coop, receiver=coop_b)
    kalsel.response = Response.objects.create(
        listing=kalsel.listing,
        cooperative=factories.cooperative(name="Kopontren Kalsel 2", kabupaten="63.72"),
        message="Kami mau",
    )
    kalsel.exchange = opop_factories.agreed_exchange(
        giver=kalsel.coop, receiver=kalsel.response.cooperative
    )
    # One of each record the admin lists that the portal's pages do not make.
    EmailAddress.objects.create(
        user=people["pengurus_a"], email="pengurus-a@contoh.id", primary=True
    )
    Group.objects.create(name="Operator")
    AuditEntry.objects.create(
        actor=people["staf"],
        actor_name=people["staf"].username,
        action=AuditEntry.Action.EXPORT,
        page="/registri/ekspor/pengurus/",
        row_count=1,
    )
    return SimpleNamespace(people=people, jember=jember, kalsel=kalsel, coop_b=coop_b)

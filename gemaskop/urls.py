from django.urls import path

from gemaskop import views, views_desk, views_documents, views_public

app_name = "gemaskop"

EVENT = "kegiatan/<int:pk>/"
SESSION = EVENT + "sesi/<int:session_pk>/"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("laporan/", views_documents.report, name="report"),
    path("kegiatan/baru/", views.event_edit, name="event_create"),
    path(EVENT, views.event_detail, name="event_detail"),
    path(EVENT + "ubah/", views.event_edit, name="event_edit"),
    path(
        EVENT + "berkas/<str:kind>/<int:record_pk>/",
        views.event_file,
        name="event_file",
    ),
    path(
        EVENT + "peserta/<int:participant_pk>/ubah/",
        views.participant_edit,
        name="participant_edit",
    ),
    path(EVENT + "undangan/", views.invitation_list, name="invitation_list"),
    path(
        EVENT + "undangan/banyak/",
        views.invitation_invite_many,
        name="invitation_invite_many",
    ),
    path(
        EVENT + "undangan/<int:invitation_pk>/hapus/",
        views.invitation_delete,
        name="invitation_delete",
    ),
    path(EVENT + "poster/", views.poster, name="poster"),
    path(EVENT + "laporan/", views_documents.event_report, name="event_report"),
    path(EVENT + "laporan/tautkan/", views.participants_link, name="participants_link"),
    path(
        EVENT + "lembaga/cari/",
        views.registry_lookup,
        name="event_registry_lookup",
    ),
    path(
        EVENT + "sertifikat/terbitkan/",
        views_documents.certificates_issue,
        name="certificates_issue",
    ),
    path(
        EVENT + "sertifikat.pdf",
        views_documents.certificates_pdf,
        name="certificates_pdf",
    ),
    path(EVENT + "lencana.pdf", views_documents.badges_pdf, name="badges_pdf"),
    path(
        EVENT + "sertifikat/<int:certificate_pk>.pdf",
        views_documents.certificate_pdf,
        name="certificate_pdf",
    ),
    path(SESSION + "meja/", views_desk.desk, name="desk"),
    path(SESSION + "meja/daftar/", views_desk.desk_list, name="desk_list"),
    path(SESSION + "meja/tambah/", views_desk.attendance_add, name="attendance_add"),
    path(
        SESSION + "meja/lembaga/", views_desk.registry_options, name="registry_options"
    ),
    path(
        SESSION + "meja/lembaga/cari/",
        views_desk.registry_lookup,
        name="registry_lookup",
    ),
    path(
        SESSION + "meja/undangan/<int:invitation_pk>/hadir/",
        views_desk.invitation_present,
        name="invitation_present",
    ),
    path(
        SESSION + "hadir/<int:attendance_pk>/hapus/",
        views_desk.attendance_remove,
        name="attendance_remove",
    ),
    path(SESSION + "impor/", views_desk.import_upload, name="import"),
    path(SESSION + "impor/simpan/", views_desk.import_confirm, name="import_confirm"),
    path(
        SESSION + "daftar-hadir.pdf", views_documents.daftar_hadir, name="daftar_hadir"
    ),
    # Sessions, speakers and photos: after the fixed paths above, which they would
    # otherwise shadow.
    path(EVENT + "<str:kind>/baru/", views.event_record_edit, name="record_create"),
    path(
        EVENT + "<str:kind>/<int:record_pk>/ubah/",
        views.event_record_edit,
        name="record_edit",
    ),
    path("hadir/<str:token>/", views_public.checkin, name="checkin"),
    path(
        "hadir/<str:token>/lembaga/",
        views_public.checkin_lookup,
        name="checkin_lookup",
    ),
    path("sertifikat/", views_public.certificate_lookup, name="certificate_lookup"),
    path(
        "sertifikat/<path:code>/",
        views_public.certificate_verify,
        name="certificate_verify",
    ),
]

from django.urls import path

from kopontren import (
    urls_io,
    views,
    views_duplicates,
    views_public,
    views_regions,
    views_review,
)

app_name = "kopontren"

urlpatterns = [
    path("registri/ganda/", views_duplicates.duplicate_list, name="duplicate_list"),
    path(
        "registri/ganda/<str:kind>/<int:kept>/gabung/<int:merged>/",
        views_duplicates.duplicate_merge,
        name="duplicate_merge",
    ),
    path("registri/koperasi/", views.cooperative_list, name="cooperative_list"),
    path(
        "registri/koperasi/cari/", views.cooperative_lookup, name="cooperative_lookup"
    ),
    path(
        "registri/koperasi/baru/", views.cooperative_create, name="cooperative_create"
    ),
    path(
        "registri/koperasi/<int:pk>/",
        views.cooperative_detail,
        name="cooperative_detail",
    ),
    path(
        "registri/koperasi/<int:pk>/ubah/",
        views.cooperative_edit,
        name="cooperative_edit",
    ),
    path(
        "registri/koperasi/<int:pk>/pengurus/baru/",
        views.officer_edit,
        name="officer_create",
    ),
    path(
        "registri/koperasi/<int:pk>/pengurus/<int:officer_pk>/ubah/",
        views.officer_edit,
        name="officer_edit",
    ),
    path(
        "registri/koperasi/<int:pk>/rat/baru/",
        views.figures_edit,
        name="figures_create",
    ),
    path(
        "registri/koperasi/<int:pk>/rat/<int:figures_pk>/ubah/",
        views.figures_edit,
        name="figures_edit",
    ),
    path(
        "registri/koperasi/<int:pk>/badan-hukum/baru/",
        views.legal_event_edit,
        name="legal_event_create",
    ),
    path(
        "registri/koperasi/<int:pk>/badan-hukum/<int:event_pk>/ubah/",
        views.legal_event_edit,
        name="legal_event_edit",
    ),
    path(
        "registri/koperasi/<int:pk>/dokumen/baru/",
        views.document_create,
        name="document_create",
    ),
    path(
        "registri/koperasi/<int:pk>/dokumen/<int:document_pk>/ganti/",
        views.document_replace,
        name="document_replace",
    ),
    # Before the generic delete: a document is deleted with a reason, on its own page.
    path(
        "registri/koperasi/<int:pk>/dokumen/<int:document_pk>/hapus/",
        views.document_delete,
        name="document_delete",
    ),
    path(
        "registri/dokumen/kedaluwarsa/",
        views.document_expiring,
        name="document_expiring",
    ),
    path(
        "registri/koperasi/<int:pk>/<str:kind>/<int:record_pk>/hapus/",
        views.record_delete,
        name="record_delete",
    ),
    path(
        "registri/koperasi/<int:pk>/<str:kind>/<int:record_pk>/unduh/",
        views.document_download,
        name="document_download",
    ),
    path(
        "registri/koperasi/<int:pk>/diperiksa/",
        views_regions.cooperative_confirm,
        name="cooperative_confirm",
    ),
    path(
        "registri/koperasi/<int:pk>/anggota-sekunder/baru/",
        views_regions.secondary_membership_edit,
        name="secondary_membership_create",
    ),
    path(
        "registri/koperasi/<int:pk>/anggota-sekunder/<int:membership_pk>/ubah/",
        views_regions.secondary_membership_edit,
        name="secondary_membership_edit",
    ),
    path(
        "registri/koperasi/<int:pk>/undang-pengurus/",
        views.invite_officer,
        name="invite_officer",
    ),
    path("registri/pesantren/", views.pesantren_list, name="pesantren_list"),
    path("registri/pesantren/baru/", views.pesantren_edit, name="pesantren_create"),
    path(
        "registri/pesantren/<int:pk>/", views.pesantren_detail, name="pesantren_detail"
    ),
    path(
        "registri/pesantren/<int:pk>/ubah/", views.pesantren_edit, name="pesantren_edit"
    ),
    path("registri/usulan/", views_review.queue, name="change_request_queue"),
    path(
        "registri/usulan/<int:pk>/", views_review.detail, name="change_request_detail"
    ),
    path(
        "registri/usulan/<int:pk>/setujui/",
        views_review.approve,
        name="change_request_approve",
    ),
    path(
        "registri/usulan/<int:pk>/tolak/",
        views_review.reject,
        name="change_request_reject",
    ),
    path("direktori/", views_public.directory, name="directory"),
    path("direktori/<int:pk>/", views_public.directory_detail, name="directory_detail"),
]

urlpatterns += urls_io.urlpatterns

from django.urls import path

from opop import views, views_exchange, views_io, views_members, views_public

app_name = "opop"

urlpatterns = [
    # Public catalogue
    path("katalog/", views_public.catalogue, name="catalogue"),
    path("katalog/<int:pk>/", views_public.catalogue_detail, name="catalogue_detail"),
    path("foto/<int:pk>/<str:size>/", views_public.photo, name="photo"),
    # Products, photos, permits, curation
    path("produk/", views.product_list, name="product_list"),
    path("produk/baru/", views.product_create, name="product_create"),
    path("produk/<int:pk>/", views.product_detail, name="product_detail"),
    path("produk/<int:pk>/ubah/", views.product_edit, name="product_edit"),
    path("produk/<int:pk>/hapus/", views.product_delete, name="product_delete"),
    path("produk/<int:pk>/kurasi/", views.product_curate, name="product_curate"),
    path("produk/<int:pk>/foto/baru/", views.photo_add, name="photo_add"),
    path(
        "produk/<int:pk>/foto/<int:photo_pk>/hapus/",
        views.photo_delete,
        name="photo_delete",
    ),
    path("produk/<int:pk>/izin/baru/", views.permit_edit, name="permit_create"),
    path(
        "produk/<int:pk>/izin/<int:permit_pk>/ubah/",
        views.permit_edit,
        name="permit_edit",
    ),
    path(
        "produk/<int:pk>/izin/<int:permit_pk>/hapus/",
        views.permit_delete,
        name="permit_delete",
    ),
    path(
        "produk/<int:pk>/izin/<int:permit_pk>/dokumen/",
        views.permit_document,
        name="permit_document",
    ),
    path("izin/jatuh-tempo/", views.permit_worklist, name="permit_worklist"),
    path("izin/verifikasi/", views.permit_verification, name="permit_verification"),
    # Import and export
    path("impor/<str:kind>/", views_io.import_upload, name="import"),
    path(
        "impor/<str:kind>/konfirmasi/", views_io.import_confirm, name="import_confirm"
    ),
    path("ekspor/<str:kind>/", views_io.export, name="export"),
    # Membership, work plans, progress
    path("anggota/", views_members.membership_list, name="membership_list"),
    path("anggota/baru/", views_members.membership_edit, name="membership_create"),
    path(
        "anggota/<int:pk>/", views_members.membership_detail, name="membership_detail"
    ),
    path(
        "anggota/<int:pk>/ubah/", views_members.membership_edit, name="membership_edit"
    ),
    path(
        "anggota/<int:pk>/rencana/baru/",
        views_members.work_plan_edit,
        name="work_plan_create",
    ),
    path(
        "anggota/<int:pk>/rencana/<int:plan_pk>/ubah/",
        views_members.work_plan_edit,
        name="work_plan_edit",
    ),
    path(
        "anggota/<int:pk>/berkas/<str:kind>/",
        views_members.membership_file,
        name="membership_file",
    ),
    path(
        "anggota/<int:pk>/berkas/<str:kind>/<int:obj_pk>/",
        views_members.membership_file,
        name="work_plan_file",
    ),
    path("progres/", views_members.progress, name="progress"),
    # Exchange board
    path("bursa/", views_exchange.board, name="board"),
    path("bursa/baru/", views_exchange.listing_create, name="listing_create"),
    path("bursa/<int:pk>/", views_exchange.listing_detail, name="listing_detail"),
    path(
        "bursa/<int:pk>/tanggapi/",
        views_exchange.listing_respond,
        name="listing_respond",
    ),
    path("bursa/<int:pk>/tutup/", views_exchange.listing_close, name="listing_close"),
    path(
        "bursa/tanggapan/<int:pk>/setujui/",
        views_exchange.response_accept,
        name="response_accept",
    ),
    path(
        "bursa/pertukaran/<int:pk>/<str:decision>/",
        views_exchange.exchange_decide,
        name="exchange_decide",
    ),
    path("bursa/pertukaran/", views_exchange.exchange_list, name="exchange_list"),
]

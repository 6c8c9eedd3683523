"""Import/export URLs; kopontren/urls.py appends these (names are kopontren:io_*)."""

from django.urls import path

from kopontren import views_io

urlpatterns = [
    path("registri/impor/", views_io.import_upload, name="io_import"),
    path(
        "registri/impor/<str:token>/",
        views_io.import_preview,
        name="io_import_preview",
    ),
    path(
        "registri/impor/<str:token>/simpan/",
        views_io.import_confirm,
        name="io_import_confirm",
    ),
    path(
        "registri/impor/<str:token>/batal/",
        views_io.import_cancel,
        name="io_import_cancel",
    ),
    path(
        "registri/templat/<str:kind>/",
        views_io.import_template,
        name="io_import_template",
    ),
    path("registri/ekspor/", views_io.export_index, name="io_export"),
    path(
        "registri/ekspor/<str:kind>/",
        views_io.export_download,
        name="io_export_download",
    ),
]

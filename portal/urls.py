from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from portal import views, views_jobs, views_offices, views_privacy, views_summary

# The admin log-in goes through allauth's log-in (rate limits included): no second door.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Portal Kopontren — Admin"
admin.site.site_title = "Portal Kopontren"

portal_patterns = [
    path("", views.home, name="home"),
    path("tentang/", views.about, name="about"),
    path("privasi/", views_privacy.privacy, name="privacy"),
    path(
        "privasi/permintaan-akses/",
        views_privacy.access_request,
        name="access_request",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("sesi/tetap-masuk/", views.session_keepalive, name="session_keepalive"),
    path("dinas/", views_offices.office_list, name="office_list"),
    path("dinas/baru/", views_offices.office_edit, name="office_create"),
    path("dinas/<int:pk>/ubah/", views_offices.office_edit, name="office_edit"),
    path("dinas/<int:pk>/bidang/baru/", views_offices.unit_edit, name="unit_create"),
    path(
        "dinas/<int:pk>/bidang/<int:unit_pk>/ubah/",
        views_offices.unit_edit,
        name="unit_edit",
    ),
    path("tugas/", views_jobs.job_list, name="job_list"),
    path("tugas/<int:pk>/", views_jobs.job_detail, name="job_detail"),
    path("tugas/<int:pk>/status/", views_jobs.job_status, name="job_status"),
    path("tugas/<int:pk>/unduh/", views_jobs.job_download, name="job_download"),
    path("tugas/<int:pk>/batal/", views_jobs.job_cancel, name="job_cancel"),
    path("ringkasan/", views_summary.legal_status, name="summary"),
    path("ringkasan/corong/", views_summary.funnel_list, name="funnel_list"),
    path("ringkasan/rat/", views_summary.rat_figures, name="summary_rat"),
    path(
        "ringkasan/ekspor/<str:table>.<str:file_format>",
        views_summary.legal_status_export,
        name="summary_export",
    ),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("kopontren.urls")),
    path("gemaskop/", include("gemaskop.urls")),
    path("opop/", include("opop.urls")),
]

handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"

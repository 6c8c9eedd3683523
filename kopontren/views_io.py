"""Staff pages to import the registry from CSV/XLSX and to export it."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopontren import exports, imports
from kopontren.models import last_book_year
from kopontren.resources import RESOURCES
from portal import access, audit

SESSION_KEY = "kopontren_imports"
SESSION_MAX_UPLOADS = 5
AFTER_IMPORT = {
    "pesantren": "kopontren:pesantren_list",
    "koperasi": "kopontren:cooperative_list",
    "pengurus": "kopontren:cooperative_list",
    "rat": "kopontren:cooperative_list",
}


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Data yang diimpor"),
        choices=list(imports.KINDS.items()),
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        help_text=gettext_lazy("Baris pertama berisi judul kolom. Paling besar 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if imports.file_extension(upload.name) not in imports.EXTENSIONS:
            raise forms.ValidationError(_("Unggah berkas .csv atau .xlsx."))
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 5 MB."))
        return upload


def pending_or_404(request, token):
    """The upload this user made in this session, else 404."""
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None or pending.get("user") != request.user.pk:
        raise Http404
    try:
        content = imports.pending_read(token=token, extension=pending["ext"])
    except FileNotFoundError as exc:
        raise Http404 from exc
    return pending, content


def remember_upload(request, name, kind, content):
    """Keep the file for the confirmation; the session holds its token (last 5)."""
    extension = imports.file_extension(name)
    token = imports.pending_save(content=content, extension=extension)
    uploads = request.session.get(SESSION_KEY, {})
    while len(uploads) >= SESSION_MAX_UPLOADS:
        oldest = next(iter(uploads))
        imports.pending_discard(token=oldest, extension=uploads.pop(oldest)["ext"])
    uploads[token] = {
        "user": request.user.pk,
        "kind": kind,
        "name": name[:120],
        "ext": extension,
    }
    request.session[SESSION_KEY] = uploads
    return token


def forget_pending(request, token, pending):
    imports.pending_discard(token=token, extension=pending["ext"])
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


def column_guide():
    """(kind, label, headers) for the upload page's column list."""
    return [
        (kind, label, RESOURCES[kind]().get_export_headers())
        for kind, label in imports.KINDS.items()
    ]


@access.requires("can_manage")
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
        content = upload.read()
        try:
            imports.read_table(content=content, filename=upload.name, kind=kind)
        except imports.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            token = remember_upload(request, upload.name, kind, content)
            return redirect("kopontren:io_import_preview", token=token)
    context = {"form": form, "guide": column_guide()}
    return render(request, "kopontren/io/import_upload.html", context)


@access.requires("can_manage", methods=access.READ_ONLY)
def import_preview(request, token):
    pending, content = pending_or_404(request, token)
    try:
        report = imports.registry_import_preview(
            kind=pending["kind"],
            user=request.user,
            content=content,
            filename=pending["name"],
        )
    except imports.ImportFileError as exc:
        forget_pending(request, token, pending)
        messages.error(request, exc.message)
        return redirect("kopontren:io_import")
    context = {"report": report, "token": token}
    return render(request, "kopontren/io/import_preview.html", context)


@access.requires("can_manage", methods=access.POST_ONLY)
def import_confirm(request, token):
    pending, content = pending_or_404(request, token)
    try:
        report = imports.registry_import_apply(
            kind=pending["kind"],
            user=request.user,
            content=content,
            filename=pending["name"],
        )
    except imports.ImportRefused as refused:
        messages.error(request, _("Impor dibatalkan: tidak ada data yang disimpan."))
        context = {"report": refused.report, "token": token}
        return render(request, "kopontren/io/import_preview.html", context, status=422)
    except imports.ImportFileError as exc:
        messages.error(request, exc.message)
        return redirect("kopontren:io_import")
    forget_pending(request, token, pending)
    audit.record_import(
        request=request,
        file_name=report.file_name,
        row_count=report.counts["baru"] + report.counts["ubah"],
        kind=report.kind,
    )
    messages.success(
        request,
        _(
            "Impor %(file)s selesai: %(baru)d baru, %(ubah)d diperbarui, "
            "%(tetap)d tidak berubah."
        )
        % {"file": report.file_name, **report.counts},
    )
    return redirect(AFTER_IMPORT[report.kind])


@access.requires("can_manage", methods=access.POST_ONLY)
def import_cancel(request, token):
    pending, _content = pending_or_404(request, token)
    forget_pending(request, token, pending)
    messages.info(request, _("Impor dibatalkan; berkas dihapus."))
    return redirect("kopontren:io_import")


@access.requires("can_manage", methods=access.READ_ONLY)
def import_template(request, kind):
    """An empty file with the column headers, to fill in."""
    if kind not in RESOURCES:
        raise Http404
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return exports.template_response(
        kind=kind, user=request.user, file_format=file_format
    )


@access.requires("can_read_registry", methods=access.READ_ONLY)
def export_index(request):
    context = {"kinds": imports.KINDS, "book_year": last_book_year()}
    return render(request, "kopontren/io/export_index.html", context)


@access.requires("can_read_registry", methods=access.READ_ONLY)
def export_download(request, kind):
    """Everything of one kind the user may read (RAT figures of one year if asked)."""
    if kind not in RESOURCES:
        raise Http404
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    queryset = exports.MODELS[kind].objects.visible_to(request.scope)
    year = request.GET.get("tahun", "")
    if kind == "rat" and year.isdigit():
        queryset = queryset.filter(book_year=int(year))
    return exports.export_response(
        request=request, queryset=queryset, file_format=file_format, kind=kind
    )

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from opop.models import Listing, Product
from portal.access import within
from portal.models import Region

ALL = [("", _("— semua —"))]


class QueryStringMixin:
    def query_string(self):
        """The filters as a query string, for pagination and export links."""
        if not self.is_bound:
            return ""
        params = self.data.copy()
        for key in ("halaman", "format"):
            params.pop(key, None)
        return params.urlencode()


class ProductFilterForm(QueryStringMixin, forms.Form):
    """Filters of the public catalogue and of the staff's product list."""

    q = forms.CharField(label=_("Cari"), required=False)
    kategori = forms.ChoiceField(
        label=_("Kategori"), choices=ALL + Product.Category.choices, required=False
    )
    kabupaten = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("— semua —"),
    )
    halal = forms.BooleanField(label=_("Bersertifikat halal"), required=False)
    status = forms.ChoiceField(label=_("Status kurasi"), choices=(), required=False)

    def __init__(self, *args, kabupatens, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kabupaten"].queryset = kabupatens
        self.fields["status"].choices = ALL + [
            (value, label)
            for value, label in Product.Curation.choices
            if value in statuses
        ]

    def apply(self, queryset):
        """The queryset filtered as the form says (invalid filters: none)."""
        if not self.is_bound or not self.is_valid():
            return queryset
        data = self.cleaned_data
        queryset = queryset.search(data["q"])
        if data["kategori"]:
            queryset = queryset.filter(category=data["kategori"])
        if data["kabupaten"]:
            queryset = queryset.filter(cooperative__kabupaten=data["kabupaten"])
        if data["halal"]:
            queryset = queryset.halal()
        if data["status"]:
            queryset = queryset.filter(curation_status=data["status"])
        return queryset


def kabupatens_of(products):
    """Kabupaten/kota that have at least one of these products, in one query: a
    probe per kabupaten (through the cooperatives' kabupaten index) that stops at
    its first product, not a join of every product."""
    found = products.order_by().filter(cooperative__kabupaten=OuterRef("code"))
    return Region.objects.kabupatens().filter(Exists(found)).order_by("name")


class ListingFilterForm(QueryStringMixin, forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis"), choices=ALL + Listing.Kind.choices, required=False
    )
    provinsi = forms.ModelChoiceField(
        label=_("Provinsi"),
        queryset=Region.objects.provinces(),
        required=False,
        to_field_name="code",
        empty_label=_("— semua —"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Listing.Status.choices,
        required=False,
        initial=Listing.Status.OPEN,
    )

    def apply(self, queryset):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        queryset = queryset.filter(status=data.get("status") or Listing.Status.OPEN)
        if data.get("jenis"):
            queryset = queryset.filter(kind=data["jenis"])
        if data.get("provinsi"):
            queryset = queryset.filter(
                within("cooperative__kabupaten", data["provinsi"])
            )
        return queryset

import re

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopontren.models import Cooperative
from kopontren.pickers import pick_cooperative
from opop import images, services
from opop.models import Listing, Membership, Permit, Product, WorkPlan
from portal.access import Scope
from portal.forms import (
    DateInput,
    RupiahField,
    VersionedFormMixin,
    validate_document,
)
from portal.models import Region

MAX_MARKETPLACE_LINKS = 6


def cooperatives_for(user):
    """The kopontren this user may add OPOP products for."""
    scope = Scope.of(user)
    if scope.is_officer:
        return Cooperative.objects.visible_to(scope).kopontren()
    return Cooperative.objects.editable_by(scope).kopontren()


def clean_uploaded_document(form, name):
    document = form.cleaned_data.get(name)
    if document and hasattr(document, "content_type"):
        validate_document(document)
    return document


class ProductForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "cooperative",
            "name",
            "category",
            "description",
            "price",
            "unit",
            "monthly_capacity",
            "is_flagship",
            "whatsapp",
            "marketplace_links",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "marketplace_links": forms.Textarea(attrs={"rows": 3}),
            "whatsapp": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        field_classes = {"price": RupiahField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["cooperative"]
        else:
            pick_cooperative(
                self,
                "cooperative",
                cooperatives_for(user).order_by("name"),
                editable=not Scope.of(user).is_officer,
            )

    def clean_whatsapp(self):
        value = self.cleaned_data["whatsapp"].strip()
        if value and not re.fullmatch(r"62\d{8,13}", services.whatsapp_number(value)):
            raise forms.ValidationError(
                _("Nomor WhatsApp tidak valid. Tulis seperti 081234567890.")
            )
        return value

    def clean_marketplace_links(self):
        lines = [
            line.strip()
            for line in self.cleaned_data["marketplace_links"].splitlines()
            if line.strip()
        ]
        if len(lines) > MAX_MARKETPLACE_LINKS:
            raise forms.ValidationError(
                _("Paling banyak %(n)s tautan.") % {"n": MAX_MARKETPLACE_LINKS}
            )
        validate = URLValidator(schemes=["https", "http"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Tautan tidak valid: %(url)s (awali dengan https://)")
                    % {"url": line}
                ) from error
        return "\n".join(lines)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Foto produk"),
        help_text=_("JPEG, PNG atau WebP; maksimal 8 MB dan 40 megapiksel."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    caption = forms.CharField(label=_("Keterangan"), max_length=150, required=False)

    def clean_photo(self):
        upload = self.cleaned_data["photo"]
        images.check_photo(upload)
        return upload


class PermitForm(forms.ModelForm):
    class Meta:
        model = Permit
        fields = ["kind", "number", "issued_on", "valid_until", "document", "verified"]
        widgets = {"issued_on": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, can_verify=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_verify:
            del self.fields["verified"]

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split()).upper()

    def clean_document(self):
        return clean_uploaded_document(self, "document")


class CurationForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ubah status ke"), choices=())
    note = forms.CharField(
        label=_("Catatan kurator"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = services.CURATION_MOVES.get(product.curation_status, set())
        self.fields["to_status"].choices = [
            (value, label)
            for value, label in Product.Curation.choices
            if value in allowed
        ]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "cooperative",
            "programme",
            "secondary",
            "joined_on",
            "pillar",
            "pact_signed_on",
            "pact_document",
        ]
        widgets = {"joined_on": DateInput(), "pact_signed_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["cooperative"]
        else:
            # Membership is a programme's record: whoever runs the programme in a
            # region records it for the cooperatives they can see there.
            pick_cooperative(
                self,
                "cooperative",
                Cooperative.objects.visible_to(user).kopontren().order_by("name"),
            )
        self.fields["programme"].queryset = Region.objects.provinces()
        self.fields["secondary"].queryset = (
            Cooperative.objects.visible_to(user).secondary().order_by("name")
        )

    def clean_pact_document(self):
        return clean_uploaded_document(self, "pact_document")

    def clean(self):
        cleaned = super().clean()
        cooperative = cleaned.get("cooperative") or getattr(
            self.instance, "cooperative", None
        )
        programme = cleaned.get("programme")
        if cooperative and programme and cooperative.kabupaten_id[:2] != programme.code:
            self.add_error(
                "programme",
                _("Koperasi di %(kab)s hanya dapat ikut program OPOP provinsinya.")
                % {"kab": cooperative.kabupaten},
            )
        return cleaned


class WorkPlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["year", "plan", "plan_file", "progress", "progress_file"]
        widgets = {
            "plan": forms.Textarea(attrs={"rows": 4}),
            "progress": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.membership = membership
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        others = WorkPlan.objects.filter(membership=self.instance.membership, year=year)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Rencana kerja tahun ini sudah ada."))
        return year

    def clean_plan_file(self):
        return clean_uploaded_document(self, "plan_file")

    def clean_progress_file(self):
        return clean_uploaded_document(self, "progress_file")


class ListingForm(forms.ModelForm):
    class Meta:
        model = Listing
        fields = [
            "cooperative",
            "kind",
            "product",
            "title",
            "description",
            "quantity",
            "unit",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cooperatives = trading_cooperatives(user)
        self.fields["cooperative"].queryset = cooperatives
        self.fields["product"].queryset = Product.objects.filter(
            cooperative__in=cooperatives
        ).order_by("name")
        self.fields["kind"].widget = forms.RadioSelect(choices=Listing.Kind.choices)
        if len(cooperatives) == 1:
            self.fields["cooperative"].initial = cooperatives[0].pk

    def clean(self):
        cleaned = super().clean()
        product, cooperative = cleaned.get("product"), cleaned.get("cooperative")
        if product and cooperative and product.cooperative_id != cooperative.pk:
            self.add_error("product", _("Pilih produk koperasi Anda sendiri."))
        return cleaned


class ResponseForm(forms.Form):
    cooperative = forms.ModelChoiceField(
        label=_("Atas nama koperasi"), queryset=Cooperative.objects.none()
    )
    message = forms.CharField(
        label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    product = forms.ModelChoiceField(
        label=_("Produk yang Anda tawarkan"),
        queryset=Product.objects.none(),
        required=False,
    )
    item = forms.CharField(
        label=_("Atau barang lain yang Anda berikan"), max_length=150, required=False
    )
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, required=False)
    unit = forms.CharField(
        label=_("Satuan"),
        max_length=40,
        required=False,
        help_text=_("Kosongkan bila sama dengan satuan postingan."),
    )
    value = RupiahField(
        label=_("Taksiran nilai yang Anda berikan (Rp)"),
        required=False,
        min_value=0,
        help_text=_("Contoh: 1.250.000. Untuk laporan provinsi."),
    )

    def __init__(self, *args, user, listing, **kwargs):
        super().__init__(*args, **kwargs)
        cooperatives = trading_cooperatives(user).exclude(pk=listing.cooperative_id)
        self.fields["cooperative"].queryset = cooperatives
        self.fields["product"].queryset = Product.objects.filter(
            cooperative__in=cooperatives
        ).order_by("name")
        if len(cooperatives) == 1:
            self.fields["cooperative"].initial = cooperatives[0].pk

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("product") and not cleaned.get("item", "").strip():
            self.add_error(
                "item", _("Pilih produk atau tulis barang yang Anda berikan.")
            )
        return cleaned


class AcceptForm(forms.Form):
    """What the poster gives in return, when accepting a response."""

    product = forms.ModelChoiceField(
        label=_("Produk yang koperasi Anda berikan"),
        queryset=Product.objects.none(),
        required=False,
    )
    item = forms.CharField(
        label=_("Atau barang lain yang Anda berikan"), max_length=150, required=False
    )
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1)
    unit = forms.CharField(label=_("Satuan"), max_length=40)
    value = RupiahField(
        label=_("Taksiran nilai yang Anda berikan (Rp)"),
        required=False,
        min_value=0,
        help_text=_("Contoh: 1.250.000. Untuk laporan provinsi."),
    )

    def __init__(self, *args, listing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(
            cooperative=listing.cooperative
        ).order_by("name")
        if listing.kind == Listing.Kind.OFFER:
            self.initial.setdefault("product", listing.product_id)
            self.initial.setdefault("item", "" if listing.product else listing.title)
            self.initial.setdefault("quantity", listing.quantity)
            self.initial.setdefault("unit", listing.unit)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("product") and not cleaned.get("item", "").strip():
            self.add_error(
                "item", _("Pilih produk atau tulis barang yang Anda berikan.")
            )
        return cleaned


def trading_cooperatives(user):
    """The member cooperatives this officer trades for."""
    scope = Scope.of(user)
    return Cooperative.objects.filter(
        pk__in=scope.member_cooperative_ids, is_active=True
    ).order_by("name")

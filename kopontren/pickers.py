"""Picking a cooperative out of the registry without a <select> of the registry: a
text box with accessible-autocomplete over `kopontren:cooperative_lookup` (the
search of the registry lists), the chosen record's id in a hidden field."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kopontren.models import Cooperative

# Up to this many cooperatives a plain <select> is the quicker choice.
SELECT_UP_TO = 50


class CooperativePicker(forms.Widget):
    """The visible text box `<name>_nama` and the hidden id `<name>`."""

    template_name = "kopontren/widgets/cooperative_picker.html"

    def __init__(self, *, url, attrs=None):
        super().__init__(attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        label = ""
        if value and str(value).isdigit():
            label = (
                Cooperative.objects.filter(pk=value)
                .values_list("name", flat=True)
                .first()
            )
        elif value:
            label = value
        context["widget"].update(
            url=self.url, label=label or "", ref=value if label != value else ""
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))

    def value_from_datadict(self, data, files, name):
        return data.get(name) or data.get(f"{name}_nama", "").strip()

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_nama" not in data


class CooperativeChoiceField(forms.ModelChoiceField):
    """A cooperative of the queryset by id, or by its exact name typed without
    JavaScript."""

    def to_python(self, value):
        if value in self.empty_values or str(value).isdigit():
            return super().to_python(value)
        found = list(self.queryset.filter(name__iexact=value)[:2])
        if len(found) == 1:
            return found[0]
        raise ValidationError(
            _(
                "Koperasi “%(name)s” tidak ditemukan atau lebih dari satu: ketik "
                "namanya lalu pilih dari daftar yang muncul."
            ),
            code="invalid_choice",
            params={"name": value},
        )


def pick_cooperative(form, name, queryset, *, editable=False):
    """Give form[name] a picker instead of a <select> when the queryset holds more
    than SELECT_UP_TO cooperatives; a lone cooperative is chosen already."""
    few = list(queryset[: SELECT_UP_TO + 1])
    field = form.fields[name]
    if len(few) <= SELECT_UP_TO:
        field.queryset = queryset
        if len(few) == 1:
            field.initial = few[0].pk
        return
    url = reverse("kopontren:cooperative_lookup")
    form.fields[name] = CooperativeChoiceField(
        queryset=queryset,
        label=field.label,
        help_text=field.help_text,
        widget=CooperativePicker(url=url + ("?ubah=1" if editable else "")),
    )
    form.picks_cooperative = True

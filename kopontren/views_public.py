"""The public directory: no log-in, no personal data."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from kopontren.models import Cooperative, Pesantren
from portal.models import Office, Region
from portal.pagination import EstimatedCountPaginator

PUBLIC_COOPERATIVE_FIELDS = (
    "pk",
    "name",
    "pesantren_id",
    "legal_status",
    "legal_status_since",
    "is_active",
    "kabupaten_id",
)


def public_pesantren():
    cooperatives = (
        Cooperative.objects.kopontren()
        .only(*PUBLIC_COOPERATIVE_FIELDS)
        .order_by("name")
    )
    return Pesantren.objects.with_regions().prefetch_related(
        Prefetch("cooperatives", queryset=cooperatives)
    )


def regions_with_pesantren():
    """Provinces and kabupaten/kota that have at least one pesantren, for the filter."""
    # A probe of the kabupaten index per kabupaten, not a DISTINCT over every row.
    kabupatens = Region.objects.kabupatens().filter(
        Exists(Pesantren.objects.filter(kabupaten=OuterRef("code")))
    )
    return Region.objects.filter(
        Q(code__in=kabupatens.values("code")) | Q(code__in=kabupatens.values("parent"))
    ).order_by("code")


@require_safe
def directory(request):
    pesantren = public_pesantren()
    query = request.GET.get("q", "").strip()
    order = ("name", "pk")
    if query:
        pesantren = pesantren.search(query)
        order = ("-search_rank", "name", "pk")
    region_code = request.GET.get("wilayah", "")
    region = Region.objects.filter(code=region_code, level__lte=2).first()
    if region is not None:
        pesantren = pesantren.in_region(region)
    page = EstimatedCountPaginator(pesantren.order_by(*order), 30).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "kopontren/directory.html",
        {
            "page": page,
            "q": query,
            "region": region,
            "regions": regions_with_pesantren(),
        },
    )


@require_safe
def directory_detail(request, pk):
    pesantren = get_object_or_404(public_pesantren(), pk=pk)
    return render(
        request,
        "kopontren/directory_detail.html",
        {
            "pesantren": pesantren,
            "header_office": Office.for_region(pesantren.kabupaten_id),
        },
    )

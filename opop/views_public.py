"""The public catalogue: no log-in, no personal data; photos served with a check."""

import mimetypes

from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from opop import services
from opop.filters import ProductFilterForm, kabupatens_of
from opop.models import Membership, Product, ProductPhoto
from portal.models import Office
from portal.pagination import EstimatedCountPaginator

CATALOGUE_PAGE_SIZE = 24
PHOTO_SIZES = {"kecil": "thumbnail", "besar": "display", "asli": "original"}


@require_GET
def catalogue(request):
    products = Product.objects.public()
    filters = ProductFilterForm(
        request.GET or None,
        kabupatens=kabupatens_of(products),
        statuses=Product.Curation.public_values(),
    )
    products = filters.apply(products).for_catalogue()
    page = EstimatedCountPaginator(
        products.order_by("-is_flagship", "name", "pk"), CATALOGUE_PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    return render(
        request,
        "opop/catalogue.html",
        {"filters": filters, "page": page, "query": filters.query_string()},
    )


@require_GET
def catalogue_detail(request, pk):
    product = get_object_or_404(
        Product.objects.public()
        .select_related(
            "cooperative__pesantren__kabupaten",
            "cooperative__pesantren__kecamatan",
            "cooperative__kabupaten",
        )
        .with_halal(),
        pk=pk,
    )
    page_url = request.build_absolute_uri(product.get_public_url())
    photos = list(product.photos.all())
    og_image = request.build_absolute_uri(photos[0].url("kecil")) if photos else ""
    return render(
        request,
        "opop/catalogue_detail.html",
        {
            "product": product,
            "cooperative": product.cooperative,
            "pesantren": product.cooperative.pesantren,
            "photos": photos,
            "permits": product.permits.trusted_on().order_by("kind", "-issued_on"),
            "membership": Membership.objects.filter(cooperative=product.cooperative_id)
            .select_related("programme")
            .first(),
            "page_url": page_url,
            "header_office": Office.for_region(product.cooperative.kabupaten_id),
            "og_image": og_image,
            "whatsapp_url": services.product_whatsapp_url(product, page_url),
        },
    )


@require_GET
def photo(request, pk, size):
    """Resized copies of public products for everyone; anything else, and every
    original, only to those who can see the product."""
    if size not in PHOTO_SIZES:
        raise Http404
    visible = Q(product__in=Product.objects.visible_to(request.user))
    public = Q(product__in=Product.objects.public())
    allowed = visible if size == "asli" else visible | public
    photo = get_object_or_404(ProductPhoto.objects.filter(allowed), pk=pk)
    upload = getattr(photo, PHOTO_SIZES[size])
    content_type = mimetypes.guess_type(upload.name)[0] or "application/octet-stream"
    response = FileResponse(upload.open("rb"), content_type=content_type)
    shared = size != "asli" and Product.objects.public().filter(pk=photo.product_id)
    response["Cache-Control"] = (
        "public, max-age=86400"
        if shared and shared.exists()
        else "private, max-age=600"
    )
    return response

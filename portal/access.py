"""Who may see and change what: the one module that knows roles and regions.

Every read goes through `Scope.rows(queryset, action)`, which reads the paths each
queryset declares (`kabupaten_paths`, `cooperative_path`); every decision is a
predicate of `Scope`. A request carries its scope (`request.scope`, built by
`ScopeMiddleware`); exports, services, commands and the admin build one with
`Scope.of(user)`. Out of scope is a 404; in scope but not allowed is a 403.
"""

from functools import cached_property, wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseNotAllowed
from django.utils.functional import SimpleLazyObject

from portal.models import Region, User

VIEW = "view"
CHANGE = "change"

Role = User.Role
# Office roles bound to one region: a kabupaten (staf) or a province (the others).
REGIONAL_ROLES = {Role.STAF, Role.STAF_PROVINSI, Role.PROVINSI}


def region_code(region):
    return region if isinstance(region, str) else region.code


def within(path, region):
    """Rows whose region at `path` (a foreign key to Region; "" for a Region row
    itself) is `region` or lies inside it: the one containment rule. Region codes
    are the primary key, so Django compares the column itself and needs no join."""
    code = region_code(region)
    if not path:
        return Q(pk=code) | Q(pk__startswith=code + ".")
    return Q(**{f"{path}_id": code}) | Q(**{f"{path}__code__startswith": code + "."})


def contains(region, code):
    """True when the region code `code` is `region` or lies inside it."""
    if region is None or not code:
        return False
    outer = region_code(region)
    code = region_code(code)
    return code == outer or code.startswith(outer + ".")


class ScopedQuerySet(models.QuerySet):
    """Rows scoped by the kabupaten they lie in; subclasses declare the paths.

    `kabupaten_paths`: the foreign keys to the row's kabupaten (a row is in a
    region when any of them is). `cooperative_path`: the row's cooperative, which
    decides what its officers read. `programme`: rows of a programme (events,
    OPOP membership) that a province's own staff run, not registry records.
    `officer_changes`: officers change these rows directly (products)."""

    kabupaten_paths = ("kabupaten",)
    cooperative_path = None
    programme = False
    officer_changes = False

    def visible_to(self, user):
        """What this user (or scope) may read."""
        return Scope.of(user).rows(self, VIEW)

    def editable_by(self, user):
        """What this user (or scope) may change directly."""
        return Scope.of(user).rows(self, CHANGE)

    def in_region(self, region):
        """Rows inside a province or kabupaten (none without a region)."""
        if region is None:
            return self.none()
        return self.filter(region_condition(self.kabupaten_paths, region))

    def officer_rows(self, scope, action):
        """The rows an officer reads (or changes): their own cooperatives' rows."""
        if self.cooperative_path is None:
            return self.none()
        if action == CHANGE and not self.officer_changes:
            return self.none()
        return self.filter(**{f"{self.cooperative_path}__in": scope.cooperative_ids})


def region_condition(paths, region):
    condition = Q()
    for path in paths:
        condition |= within(path, region)
    return condition


class Scope:
    """One user's role, region and cooperatives, with every access predicate."""

    def __init__(self, user):
        self.user = user
        active = bool(user is not None and user.is_authenticated and user.is_active)
        self.authenticated = active
        if not active:
            self.role = None
        elif user.is_superuser:
            self.role = Role.ADMIN
        else:
            self.role = user.role
        # The region's code is all the rules need: no query to build a scope.
        self.region_code = user.region_id if self.role in REGIONAL_ROLES else None
        if self.role in REGIONAL_ROLES and not self.region_code:
            self.role = None  # a regional role without a region sees nothing

    @classmethod
    def of(cls, user):
        """The scope of a user (a scope is returned as it is)."""
        if isinstance(user, Scope):
            return user
        return cls(user)

    def __repr__(self):
        return f"<Scope {self.role} {self.region_code or '-'}>"

    # --- who ---------------------------------------------------------------------

    @property
    def is_admin(self):
        """Sees and changes everything."""
        return self.role == Role.ADMIN

    @property
    def is_district_staff(self):
        """Diskopum staff of one kabupaten/kota: keeps its registry."""
        return self.role == Role.STAF

    @property
    def is_province_staff(self):
        """A province's own staff: runs its programmes, reads its registry."""
        return self.role == Role.STAF_PROVINSI

    @property
    def is_official(self):
        """Provincial official: reads one province, changes nothing."""
        return self.role == Role.PROVINSI

    @property
    def is_officer(self):
        """Officer (pengurus) of one or more cooperatives."""
        return self.role == Role.PENGURUS

    @property
    def is_office(self):
        """Any office role (admin, staff, provincial): reads the office pages."""
        return self.is_admin or self.role in REGIONAL_ROLES

    @property
    def must_use_mfa(self):
        """Logs in with a second factor, enrolled before anything else (office
        roles: they read personal data across a region)."""
        return self.is_office

    @cached_property
    def region(self):
        """The region that bounds this scope (None for admin and officers)."""
        if self.region_code is None:
            return None
        return self.user.region

    @property
    def region_level(self):
        """Provinsi or kabupaten, read from the code's shape (35 or 35.09)."""
        if self.region_code is None:
            return None
        if "." in self.region_code:
            return Region.Level.KABUPATEN
        return Region.Level.PROVINSI

    @cached_property
    def _officer_cooperatives(self):
        """(cooperative id, is an OPOP member) of an officer's cooperatives: one
        query, asked at most once per scope."""
        if not self.is_officer:
            return ()
        from kopontren.models import Cooperative

        return tuple(
            Cooperative.objects.filter(officer_accounts=self.user)
            .annotate(
                member=Exists(
                    Cooperative.objects.filter(
                        pk=OuterRef("pk"), opop_memberships__isnull=False
                    )
                )
            )
            .values_list("pk", "member")
        )

    @cached_property
    def cooperative_ids(self):
        """The officer's own cooperatives."""
        return frozenset(pk for pk, _member in self._officer_cooperatives)

    @cached_property
    def member_cooperative_ids(self):
        """The officer's cooperatives that are OPOP members."""
        return frozenset(pk for pk, member in self._officer_cooperatives if member)

    # --- rows --------------------------------------------------------------------

    def rows(self, queryset, action=VIEW):
        """The rows of `queryset` this scope may read (VIEW) or change (CHANGE)."""
        if not self.authenticated or self.role is None:
            return queryset.none()
        if self.is_admin:
            return queryset.all()
        if self.is_officer:
            return queryset.officer_rows(self, action)
        if action == VIEW or self.is_district_staff:
            return queryset.in_region(self.region_code)
        if self.is_province_staff and queryset.programme:
            return queryset.in_region(self.region_code)
        return queryset.none()

    def region_q(self, path):
        """Rows whose kabupaten at `path` lies in this scope's region (everything
        for admin, nothing without a region)."""
        if self.is_admin:
            return Q()
        if self.region_code is None:
            return Q(pk__in=[])
        return within(path, self.region_code)

    def in_region(self, code):
        """The region code lies inside this scope's region (admin: everywhere)."""
        return self.is_admin or contains(self.region_code, code)

    def kabupatens(self):
        """The kabupaten/kota this scope may pick in forms and filters."""
        kabupatens = Region.objects.kabupatens()
        if self.is_admin:
            return kabupatens
        if self.region_code is None:
            return kabupatens.none()
        return kabupatens.filter(within("", self.region_code))

    def office_regions(self):
        """The regions whose offices this scope works for: its own and its
        province's (admin: every office; use `is_admin` first)."""
        if self.region_code is None:
            return []
        return list(dict.fromkeys([self.region_code, self.region_code.split(".")[0]]))

    def provinces(self):
        """The provinces this scope may pick in forms and filters."""
        provinces = Region.objects.provinces()
        if self.is_admin:
            return provinces
        if self.region_code is None:
            return provinces.none()
        return provinces.filter(code=self.region_code.split(".")[0])

    # --- registry ----------------------------------------------------------------

    @property
    def can_read_registry(self):
        """Pages of the whole registry, summaries and exports (office roles)."""
        return self.is_office

    @property
    def can_manage(self):
        """May create and change registry records somewhere (admin, district staff)."""
        return self.is_admin or self.is_district_staff

    def can_manage_registry(self, kabupaten_code=None):
        """May create and change registry records directly (in this kabupaten)."""
        if self.is_admin:
            return True
        if self.is_district_staff:
            return kabupaten_code is None or contains(self.region_code, kabupaten_code)
        return False

    def can_edit_cooperative(self, cooperative):
        """May change the cooperative's record directly (its kabupaten's staff)."""
        return self.can_manage_registry(cooperative.kabupaten_id)

    def can_manage_secondary_membership(self, secondary, primary=None):
        """May record a primary's membership of a koperasi sekunder: staff who
        keep both cooperatives' records (without a primary: the secondary's)."""
        if primary is not None and not self.can_edit_cooperative(primary):
            return False
        return self.can_edit_cooperative(secondary)

    def can_confirm_cooperative(self, cooperative):
        """May mark a cooperative's data as checked (sudah diperiksa)."""
        return self.can_edit_cooperative(cooperative)

    def can_merge(self, kept, merged):
        """May merge two registry records into one (staff who keep both)."""
        return self.can_manage_registry(kept.kabupaten_id) and (
            self.can_manage_registry(merged.kabupaten_id)
        )

    def is_officer_of(self, cooperative):
        """An officer account of this cooperative: proposes its changes."""
        return self.is_officer and cooperative.pk in self.cooperative_ids

    def can_review_change(self, change_request):
        """May approve or reject an officer's change request."""
        return self.can_edit_cooperative(change_request.cooperative)

    def can_see_personal_data(self, cooperative=None):
        """May see officers' phone numbers and other personal data unmasked."""
        if self.is_admin:
            return True
        if self.is_district_staff:
            return cooperative is None or contains(
                self.region_code, cooperative.kabupaten_id
            )
        if self.is_officer and cooperative is not None:
            return self.is_officer_of(cooperative)
        return False

    @property
    def sees_phones(self):
        """Exports and lists show phones unmasked (the registry's keepers)."""
        return self.is_admin or self.is_district_staff

    @property
    def masks_product_contacts(self):
        """Product exports mask the WhatsApp number (the read-only official)."""
        return self.is_official

    @property
    def can_answer_data_requests(self):
        """May export everything the portal holds about one person (admin)."""
        return self.is_admin

    @property
    def can_view_history(self):
        """May read the change history of registry records."""
        return self.is_admin or self.is_district_staff

    # --- programmes (GEMASKOP, OPOP) -------------------------------------------

    def can_run_programme(self, kabupaten_code=None):
        """May run programmes (events, OPOP membership and curation) in this
        kabupaten: its staff, the province's own staff, admin."""
        if self.is_admin:
            return True
        if self.is_district_staff or self.is_province_staff:
            return kabupaten_code is None or contains(self.region_code, kabupaten_code)
        return False

    @property
    def can_create_event(self):
        """May create events (staff in their region, admin anywhere)."""
        return self.can_run_programme()

    def can_manage_event(self, event):
        """May change an event, take its attendance and issue its certificates."""
        return self.can_run_programme(event.kabupaten_id)

    def can_read_event_documents(self, event):
        """May open an event's daftar hadir, report and exports (office roles in
        scope)."""
        return self.is_office and self.in_region(event.kabupaten_id)

    def can_see_participant_contacts(self, event):
        """May see participants' phone numbers and speakers' NPWP/bank unmasked."""
        return self.can_manage_event(event)

    @property
    def can_read_reach(self):
        """May read the GEMASKOP reach report (office roles)."""
        return self.is_office

    @property
    def sees_follow_up_phones(self):
        """The follow-up list shows phones to those who act on it."""
        return self.sees_phones

    def can_manage_products(self, cooperative):
        """May add and change the cooperative's OPOP products and permits directly:
        its own officers, its kabupaten's staff, admin."""
        return self.can_edit_cooperative(cooperative) or self.is_officer_of(cooperative)

    @property
    def can_add_products(self):
        """May add products for some cooperative."""
        return self.is_officer or self.can_manage

    def can_curate_product(self, product):
        """May move a product's curation status and verify its permits."""
        return self.can_run_programme(product.cooperative.kabupaten_id)

    @property
    def can_add_membership(self):
        """May record OPOP memberships somewhere."""
        return self.can_run_programme()

    def can_manage_membership(self, cooperative):
        """May record a cooperative's OPOP membership and integrity pact."""
        return self.can_run_programme(cooperative.kabupaten_id)

    def can_report_work_plan(self, membership):
        """May write a member's yearly work plan and progress (its officers,
        programme staff)."""
        cooperative = membership.cooperative
        return self.is_officer_of(cooperative) or self.can_manage_membership(
            cooperative
        )

    @property
    def can_read_opop_reports(self):
        """May read OPOP work lists, progress and every exchange in scope."""
        return self.is_office

    @property
    def is_opop_member(self):
        """An officer of a cooperative that is an OPOP member."""
        return self.is_officer and bool(self.member_cooperative_ids)

    @property
    def can_use_exchange_board(self):
        """May read the exchange board: members, and office roles (read-only)."""
        return self.can_read_opop_reports or self.is_opop_member

    def can_trade_for(self, cooperative):
        """May post and answer on the board for this cooperative (its officers, if
        an active member)."""
        return (
            self.is_officer_of(cooperative)
            and cooperative.is_active
            and cooperative.pk in self.member_cooperative_ids
        )

    @property
    def can_import_opop(self):
        """May import products and permits (like changing them: staff and admin)."""
        return self.can_manage


READ_ONLY = ("GET", "HEAD")
POST_ONLY = ("POST",)
# A destructive action: GET asks on a confirmation page, POST does it.
CONFIRM = ("GET", "HEAD", "POST")


def requires(predicate=None, *, methods=None):
    """A view for logged-in users whose scope answers `predicate` (a property of
    Scope) truthfully. Anonymous visitors go to the log-in page; a method outside
    `methods` is a 405, whoever asks; then a scope that does not answer gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods is not None and request.method not in methods:
                return HttpResponseNotAllowed(methods)
            if predicate is not None and not getattr(request.scope, predicate):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


class ScopeMiddleware:
    """Gives each request its scope, built on first use (public pages ask nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: Scope.of(request.user))
        return self.get_response(request)

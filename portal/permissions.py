"""Who may do what: plain predicates used by querysets, views, templates and the admin.

Reading is scoped by `visible_to(user)` on each queryset (out of scope is a 404); these
predicates decide what a user may *change* among what they can see.
"""


def is_admin(user):
    """Sees and changes everything."""
    return user.is_authenticated and user.is_admin_role


def is_staf(user):
    """Diskopum staff of one kabupaten/kota."""
    return user.is_authenticated and user.is_staf


def is_pengurus(user):
    """Officer of one or more cooperatives."""
    return user.is_authenticated and user.is_pengurus


def is_provinsi(user):
    """Provincial official: reads one province, changes nothing."""
    return user.is_authenticated and user.is_provinsi


def in_user_region(user, kabupaten_code):
    """The kabupaten code lies inside the user's region."""
    return user.region is not None and user.region.contains(kabupaten_code)


def can_manage_registry(user, kabupaten_code=None):
    """May create and change registry records directly (in this kabupaten, if given)."""
    if is_admin(user):
        return True
    if is_staf(user):
        return kabupaten_code is None or in_user_region(user, kabupaten_code)
    return False


def can_edit_cooperative(user, cooperative):
    """May change the cooperative's record directly (staff of its kabupaten, admin)."""
    return can_manage_registry(user, cooperative.kabupaten_id)


def can_propose_change(user, cooperative):
    """May propose changes to the cooperative (its own officers) for staff review."""
    return (
        is_pengurus(user) and cooperative.officer_accounts.filter(pk=user.pk).exists()
    )


def can_review_change(user, change_request):
    """May approve or reject an officer's change request."""
    return can_edit_cooperative(user, change_request.cooperative)


def can_see_personal_data(user, cooperative=None):
    """May see officers' phone numbers and other personal data unmasked."""
    if is_admin(user):
        return True
    if is_staf(user):
        return cooperative is None or in_user_region(user, cooperative.kabupaten_id)
    if is_pengurus(user) and cooperative is not None:
        return cooperative.officer_accounts.filter(pk=user.pk).exists()
    return False


def can_view_history(user):
    """May read the change history of registry records."""
    return is_admin(user) or is_staf(user)


# --- opop


def is_officer_of(user, cooperative):
    """An officer account of this cooperative."""
    return (
        is_pengurus(user) and cooperative.officer_accounts.filter(pk=user.pk).exists()
    )


def can_manage_products(user, cooperative):
    """May add and change the cooperative's OPOP products and permits directly:
    its own officers, staff of its kabupaten, admin."""
    return can_edit_cooperative(user, cooperative) or is_officer_of(user, cooperative)


def can_curate_product(user, product):
    """May move a product's curation status and verify its permits (staff, admin)."""
    return can_edit_cooperative(user, product.cooperative)


def can_manage_membership(user, cooperative):
    """May record a cooperative's OPOP membership and integrity pact (staff, admin)."""
    return can_edit_cooperative(user, cooperative)


def can_report_work_plan(user, membership):
    """May write a member's yearly work plan and progress (its officers, staff)."""
    return can_manage_products(user, membership.cooperative)


def can_read_opop_reports(user):
    """May read OPOP work lists, progress and every exchange in scope."""
    return is_admin(user) or is_staf(user) or is_provinsi(user)


def is_opop_member(user):
    """An officer of a cooperative that is an OPOP member."""
    return (
        is_pengurus(user)
        and user.cooperatives.filter(opop_memberships__isnull=False).exists()
    )


def can_use_exchange_board(user):
    """May read the exchange board: members, and staff/province/admin (read-only)."""
    return can_read_opop_reports(user) or is_opop_member(user)


def can_trade_for(user, cooperative):
    """May post and answer on the board for this cooperative (its officers, if a
    member)."""
    return (
        is_officer_of(user, cooperative)
        and cooperative.is_active
        and cooperative.opop_memberships.exists()
    )


def can_import_opop(user):
    """May import products and permits (like changing them: staff and admin)."""
    return is_admin(user) or is_staf(user)


# --- gemaskop


def can_create_event(user):
    """May create GEMASKOP events (staf in their kabupaten, admin anywhere)."""
    return is_admin(user) or is_staf(user)


def can_manage_event(user, event):
    """May change an event, take its attendance and issue its certificates."""
    return can_manage_registry(user, event.kabupaten_id)


def can_read_event_documents(user, event):
    """May open an event's daftar hadir, report and exports (office roles in scope)."""
    if is_admin(user):
        return True
    return (is_staf(user) or is_provinsi(user)) and in_user_region(
        user, event.kabupaten_id
    )


def can_see_participant_contacts(user, event):
    """May see participants' phone numbers and speakers' NPWP/bank unmasked."""
    return can_manage_event(user, event)

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
    return bool(user.region_id) and (
        kabupaten_code == user.region_id
        or str(kabupaten_code).startswith(user.region_id + ".")
    )


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


def can_set_verification(user, cooperative):
    """May set the fields only staff may set (verification, status aktif)."""
    return can_edit_cooperative(user, cooperative)


def can_see_personal_data(user, cooperative=None):
    """May see officers' phone numbers and other personal data unmasked."""
    if is_admin(user):
        return True
    if is_staf(user):
        return cooperative is None or in_user_region(user, cooperative.kabupaten_id)
    if is_pengurus(user) and cooperative is not None:
        return cooperative.officer_accounts.filter(pk=user.pk).exists()
    return False


def can_invite_users(user):
    """May create accounts (staff invite officers of their kabupaten; admin anyone)."""
    return is_admin(user) or is_staf(user)


def can_view_history(user):
    """May read the change history of registry records."""
    return is_admin(user) or is_staf(user)

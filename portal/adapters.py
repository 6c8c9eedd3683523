from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from portal.access import Scope


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by staff or admin only: there is no open sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """An officer who has just set a password from the invitation link lands on
        their cooperative (when they have exactly one); others on their home page."""
        match = request.resolver_match
        if match is not None and match.url_name == "account_reset_password_from_key":
            # The scope is the new log-in's, not the anonymous request's.
            scope = Scope.of(request.user)
            if scope.is_officer and len(scope.cooperative_ids) == 1:
                (pk,) = scope.cooperative_ids
                return reverse("kopontren:cooperative_detail", args=[pk])
        return super().get_login_redirect_url(request)

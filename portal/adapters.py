from allauth.account.adapter import DefaultAccountAdapter

from portal import permissions


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by staff or admin only: there is no open sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """An officer who has just set a password from the invitation link lands on
        their cooperative (when they have exactly one); others on their home page."""
        match = request.resolver_match
        if (
            match is not None
            and match.url_name == "account_reset_password_from_key"
            and permissions.is_pengurus(request.user)
        ):
            cooperatives = list(request.user.cooperatives.all()[:2])
            if len(cooperatives) == 1:
                return cooperatives[0].get_absolute_url()
        return super().get_login_redirect_url(request)

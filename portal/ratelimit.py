"""A per-client rate limit for public pages, kept in the shared cache."""

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The client's address; behind N trusted proxies, the Nth address from the right
    of X-Forwarded-For (the same rule allauth uses for its log-in limits)."""
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",")]
        if len(addresses) >= proxies:
            return addresses[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(request, scope, *, limit, seconds):
    """Count this request; False once `limit` requests came from this client in the
    current window."""
    return count(f"{scope}:{client_ip(request)}", seconds=seconds) <= limit


def _window_key(name, seconds):
    return f"rl:{name}:{int(time.time() // seconds)}"


def count(name, *, seconds):
    """Count one more event under `name` in the current window; the new count.
    Fixed windows: the key changes every `seconds`, so the database cache's
    non-atomic incr (which also resets the expiry) cannot extend a window."""
    key = _window_key(name, seconds)
    cache.add(key, 0, timeout=seconds * 2)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds * 2)
        return 1


def counted(name, *, seconds):
    """The count under `name` in the current window, without counting."""
    return cache.get(_window_key(name, seconds), 0)


# --- log-in failures --------------------------------------------------------------
# allauth limits failures per address and per (address, account) (the key of its
# "login_failed" limit carries the address: AccountAdapter). Beside those, a slower
# limit per account that refuses only the addresses that failed for it: whoever
# knows a username cannot lock its owner out from another address.


def _account(login):
    return f"login-account:{login.lower()}"


def _pair(request, login):
    return f"login-pair:{login.lower()}:{client_ip(request)}"


def login_failed(request, login):
    """Record a failed log-in for the account, from this address."""
    seconds = settings.PORTAL_LOGIN_ACCOUNT_WINDOW
    count(_account(login), seconds=seconds)
    count(_pair(request, login), seconds=seconds)


def login_refused(request, login):
    """The account is over its slow limit and this address has failed for it."""
    seconds = settings.PORTAL_LOGIN_ACCOUNT_WINDOW
    return (
        counted(_account(login), seconds=seconds) >= settings.PORTAL_LOGIN_ACCOUNT_LIMIT
        and counted(_pair(request, login), seconds=seconds) > 0
    )

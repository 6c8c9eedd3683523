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
    current window. Fixed windows: the key changes every `seconds`, so the database
    cache's non-atomic incr (which also resets the expiry) cannot extend a window."""
    window = int(time.time() // seconds)
    key = f"rl:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=seconds * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds * 2)
        count = 1
    return count <= limit

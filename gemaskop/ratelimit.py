"""A per-IP rate limit for the public pages, kept in the shared cache."""

import time

from django.core.cache import cache


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(request, scope, *, limit, seconds):
    """Count this request; False once `limit` requests came from this IP in the
    current window. Fixed windows: the key changes every `seconds`, so the database
    cache's non-atomic incr (which also resets the expiry) cannot extend a window."""
    window = int(time.time() // seconds)
    key = f"gemaskop-rl:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=seconds * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds * 2)
        count = 1
    return count <= limit

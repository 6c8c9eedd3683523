from django.test import RequestFactory

from portal.ratelimit import allow, client_ip


def test_client_ip_is_the_socket_address_without_trusted_proxies(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.1"
    )
    assert client_ip(request) == "10.0.0.1"


def test_client_ip_behind_one_proxy_is_the_address_the_proxy_saw(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1"
    )
    # The left part can be forged by the client; the proxy appended the right one.
    assert client_ip(request) == "203.0.113.9"


def test_limit_counts_per_client_in_the_shared_cache(db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    one = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    other = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    results = [allow(one, "uji", limit=3, seconds=60) for _ in range(4)]
    assert results == [True, True, True, False]
    assert allow(other, "uji", limit=3, seconds=60)

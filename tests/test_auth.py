"""Whose login attempts are these? The throttle key from the peer address and a trusted
proxy's forwarded header (``ASSETMAP_TRUSTED_PROXY``); never something a client can reset."""

from __future__ import annotations

import pytest

from assetmap.auth import LoginThrottle, MemoryThrottles, client_key, hash_password
from assetmap.config import Config
from assetmap.errors import PermissionDeniedError

XFF = "X-Forwarded-For"


def test_direct_clients_are_keyed_by_their_address_and_headers_are_ignored():
    assert client_key("198.51.100.4", {XFF: "203.0.113.1"}) == "ip:198.51.100.4"
    assert client_key("198.51.100.4", {XFF: "203.0.113.1"},
                      trusted_proxies=["10.0.0.2"]) == "ip:198.51.100.4"


def test_no_address_at_all_is_one_global_key_not_a_session():
    # Streamlit gives no address for a client (or a proxy) on the same host
    assert client_key(None, {XFF: "203.0.113.1"}) == "global"
    assert client_key("", {}) == "global"


def test_a_trusted_proxy_names_the_client():
    h = {"x-forwarded-for": "203.0.113.66, 198.51.100.9"}  # spoofed first, then the real one
    assert client_key(None, h, trusted_proxies=["127.0.0.1"]) == "ip:198.51.100.9"
    assert client_key("10.0.0.2", h, trusted_proxies=["10.0.0.2"]) == "ip:198.51.100.9"
    # the proxy's own address in the chain is skipped; garbage is no address
    assert client_key(None, {XFF: "198.51.100.9, 127.0.0.1"},
                      trusted_proxies=["127.0.0.1"]) == "ip:198.51.100.9"
    assert client_key(None, {XFF: "nonsense"}, trusted_proxies=["::1"]) == "global"
    assert client_key(None, {"X-Real-IP": "2001:db8::1"}, trusted_proxies=["127.0.0.1"],
                      header="X-Real-IP") == "ip:2001:db8::1"
    # another host's header is not trusted just because a local proxy is
    assert client_key("192.0.2.5", h, trusted_proxies=["127.0.0.1"]) == "ip:192.0.2.5"


def test_config_reads_the_proxy_settings():
    cfg = Config.from_env({"ASSETMAP_TRUSTED_PROXY": "127.0.0.1, ::1",
                           "ASSETMAP_FORWARDED_HEADER": "X-Real-IP"})
    assert cfg.trusted_proxies == ("127.0.0.1", "::1") and cfg.forwarded_header == "X-Real-IP"
    assert Config.from_env({}).trusted_proxies == ()


def test_memory_throttles_before_the_project_exists():
    """Beheer's login while the project file is not made yet counts in memory, the same way."""
    mem, h = MemoryThrottles(), hash_password("geheim")
    th = LoginThrottle(free=2, base_delay_s=10, global_free=3)
    assert not th.check(mem, "a", "x", h, now=0) and not th.check(mem, "a", "y", h, now=1)
    with pytest.raises(PermissionDeniedError):
        th.check(mem, "a", "geheim", h, now=2)
    assert not th.check(mem, "b", "x", h, now=3)  # the third failure overall: global cap
    with pytest.raises(PermissionDeniedError):
        th.check(mem, "c", "geheim", h, now=4)
    assert th.check(mem, "c", "geheim", h, now=14)  # 10 s after the last failure


def test_an_attempt_whose_clock_was_read_before_another_counted_one_is_not_delayed():
    """Two logins at once: the one that read the clock first can get the lock second, and
    then sees a failure 'from the future'. Under ``free`` failures it owes no wait (this
    made the PostGIS throttle test flaky under load: 2 of 3 free attempts got through)."""
    from assetmap.store.base import ThrottleState

    th = LoginThrottle(free=3, base_delay_s=60)
    later = ThrottleState(times=[1000.5], total=1, last=1000.5, now=1000.0)
    assert th.wait(later) == 0.0
    # once the free attempts are used up, the delay counts from the newest failure
    used = ThrottleState(times=[999.0, 999.5, 1000.5], total=3, last=1000.5, now=1000.0)
    assert th.wait(used) == pytest.approx(60.5)

"""Throttles live in the project store, the same on GeoPackage and PostGIS: failed facilitator
logins and the submission rate limit hold across store objects and processes (several app
processes behind a proxy), check and count are one transaction, and no address or token is
stored in the clear.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest
from shapely.geometry import Point

from assetmap import auth, evening
from assetmap.errors import PermissionDeniedError, RateLimitError, ValidationError
from assetmap.store import open_store
from tests.conftest import ROOT
from tests.store.test_history_shared import dump, raw_tables

IN_A = Point(5.005, 52.005)
HASH = auth.hash_password("geheim")


def mp(name: str) -> dict:
    return {"name": name, "kind": "buurthuis", "geometry": IN_A}


def test_failed_logins_in_one_process_delay_another(store, tmp_path):
    """Another process fails three times; this process then waits, even with the right
    password, and from another key it may still try."""
    script = textwrap.dedent(f"""
        import sys
        from assetmap import auth
        from assetmap.store import open_store
        s = open_store(sys.argv[1])
        th = auth.LoginThrottle(free=3, base_delay_s=60)
        print([th.check(s, "ip:203.0.113.7", "fout", {HASH!r}) for _ in range(3)])
        s.close()
    """)
    out = subprocess.run([sys.executable, "-c", script, store.location], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[False, False, False]"
    th = auth.LoginThrottle(free=3, base_delay_s=60)
    with pytest.raises(PermissionDeniedError, match="Te vaak"):
        th.check(store, "ip:203.0.113.7", "geheim", HASH)
    assert th.check(store, "ip:198.51.100.1", "geheim", HASH)


def test_check_and_count_are_one_transaction(store):
    """Twenty attempts at once from one address, through two store objects (two processes'
    connections): only ``free`` of them get to the password check."""
    other = open_store(store.location)
    th = auth.LoginThrottle(free=3, base_delay_s=60)
    checked, throttled, other_errors = [], [], []
    lock = threading.Lock()

    def attempt(s):
        try:
            ok = th.check(s, "ip:203.0.113.9", "fout", HASH)
        except PermissionDeniedError:
            with lock:
                throttled.append(1)
        except Exception as exc:  # noqa: BLE001 - said in the assertion below
            with lock:
                other_errors.append(repr(exc))
        else:
            with lock:
                checked.append(ok)

    threads = [threading.Thread(target=attempt, args=(store if i % 2 else other,))
               for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert not other_errors, other_errors
    assert checked == [False, False, False] and len(throttled) == 17


def test_right_password_clears_the_delay_and_old_failures_expire(store):
    th = auth.LoginThrottle(free=2, base_delay_s=10, forget_s=100)
    assert not th.check(store, "k", "fout", HASH, now=1000)
    assert th.check(store, "k", "geheim", HASH, now=1001)  # counts as no failure at all
    assert not th.check(store, "k", "fout", HASH, now=1002)
    assert not th.check(store, "k", "fout", HASH, now=1003)
    with pytest.raises(PermissionDeniedError):
        th.check(store, "k", "geheim", HASH, now=1005)
    assert th.check(store, "k", "geheim", HASH, now=1104)  # the failures are forgotten


def test_global_cap_over_many_addresses(store):
    """Failures from many addresses together delay everyone a while (a capped delay), so
    rotating addresses does not allow endless guessing."""
    th = auth.LoginThrottle(free=3, global_free=5, base_delay_s=10, global_max_delay_s=30)
    for i in range(5):
        assert not th.check(store, f"ip:203.0.113.{i}", "fout", HASH, now=1000 + i)
    with pytest.raises(PermissionDeniedError):
        th.check(store, "ip:198.51.100.1", "geheim", HASH, now=1006)
    assert th.check(store, "ip:198.51.100.1", "geheim", HASH, now=1005 + 31)


def test_rate_limit_holds_across_processes(store):
    """The submission limit counts entries made through another store object (another app
    process); a rejected entry is not counted and not stored."""
    other = open_store(store.location)
    token = "t" * 20

    def lim():  # each process has its own limiter object: only the store is shared
        return evening.RateLimiter(limit=3, window_s=600)

    evening.submit(store, "meeting_places", mp("Een"), token=token, limiter=lim())
    evening.submit(other, "meeting_places", mp("Twee"), token=token, limiter=lim())
    with pytest.raises(ValidationError):
        evening.submit(other, "meeting_places", mp(""), token=token, limiter=lim())
    evening.submit(store, "meeting_places", mp("Drie"), token=token, limiter=lim())
    with pytest.raises(RateLimitError, match="Wacht"):
        evening.submit(other, "meeting_places", mp("Vier"), token=token, limiter=lim())
    evening.submit(other, "meeting_places", mp("Van een ander"), token="u" * 20, limiter=lim())
    other.close()
    assert sorted(store.read("meeting_places")["name"]) == ["Drie", "Een", "Twee",
                                                            "Van een ander"]


def test_no_address_or_token_is_stored(store):
    th = auth.LoginThrottle()
    th.check(store, "ip:203.0.113.77", "fout", HASH)
    evening.submit(store, "meeting_places", mp("Een"), token="geheimtoken-1234567890",
                   limiter=evening.RateLimiter())
    kept = dump({"throttle": raw_tables(store)["throttle"]})
    assert kept.count("'login'") == 1 and kept.count("'submit'") == 1
    assert "203.0.113.77" not in kept and "geheimtoken" not in kept


def test_a_restore_keeps_the_current_failures(store):
    """A backup holds no failed logins; restoring one neither forgets the current ones nor
    brings back older ones."""
    th = auth.LoginThrottle(free=2, base_delay_s=60)
    assert not th.check(store, "ip:203.0.113.1", "fout", HASH)
    backup = store.backup(reason="test")
    assert th.check(store, "ip:203.0.113.1", "geheim", HASH)  # clears 203.0.113.1
    for _ in range(2):
        assert not th.check(store, "ip:203.0.113.2", "fout", HASH)
    store.restore(backup.id)
    with pytest.raises(PermissionDeniedError):
        th.check(store, "ip:203.0.113.2", "geheim", HASH)
    assert not th.check(store, "ip:203.0.113.1", "fout", HASH)  # its old failure stays gone
    assert not th.check(store, "ip:203.0.113.1", "fout", HASH)

"""Facilitator authentication: a salted password hash and a delay after failed attempts
(kept in the project store, so that several app processes share it).

The facilitator password is configured as a **hash** (``ASSETMAP_FACILITATOR_PASSWORD_HASH`` or
``facilitator_password_hash`` in ``.streamlit/secrets.toml``), made with ``assetmap
hash-password``. A plain ``ASSETMAP_FACILITATOR_PASSWORD`` is also accepted for a quick start: it
is hashed in memory at start-up and never written anywhere. Hashes use ``hashlib.scrypt``
(stdlib) with a random salt; comparison uses ``hmac.compare_digest``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import PermissionDeniedError

if TYPE_CHECKING:
    from .store.base import BaseStore, ThrottleState


SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def _b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode("ascii").rstrip("=")


def _unb64(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` for ``password``."""
    if not password:
        raise ValueError("empty password")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the ``stored`` hash (constant-time comparison)."""
    try:
        algo, n, r, p, salt, digest = stored.split("$")
        if algo != "scrypt":
            return False
        got = hashlib.scrypt((password or "").encode("utf-8"), salt=_unb64(salt), n=int(n),
                             r=int(r), p=int(p), dklen=len(_unb64(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, _unb64(digest))


def configured_hash(environ: Mapping[str, str] | None = None,
                    secrets_map: Mapping[str, object] | None = None) -> str | None:
    """The facilitator password hash from the environment (:mod:`assetmap.config`) or
    secrets, or ``None``."""
    from .config import Config

    cfg = Config.from_env(environ)
    sec = secrets_map or {}
    h = cfg.facilitator_password_hash or sec.get("facilitator_password_hash")
    if h:
        return str(h)
    plain = cfg.facilitator_password or sec.get("facilitator_password")
    if plain:
        return _memo_hash(str(plain))
    return None


_memo: dict[str, str] = {}


def _memo_hash(plain: str) -> str:
    # hash a plain configured password once per process; keep only the hash
    key = hashlib.sha256(plain.encode("utf-8")).hexdigest()
    if key not in _memo:
        _memo[key] = hash_password(plain)
    return _memo[key]


LOGIN_SCOPE = "login"


@dataclass(frozen=True)
class LoginThrottle:
    """After ``free`` failed attempts from one key, each next attempt must wait longer
    (doubling from ``base_delay_s``, capped at ``max_delay_s``); after ``global_free`` failed
    attempts from all keys together, every attempt waits too (doubling, capped at
    ``global_max_delay_s``), so many addresses cannot try endlessly either. Failures older than
    ``forget_s`` no longer count.

    The failures live in the project store (:meth:`~assetmap.store.base.BaseStore.throttle_take`),
    so every app process on the project sees them, and the check and the count are one
    transaction: an attempt is counted as a failure *before* the password is checked, and a
    right password clears its key again. Two attempts at once cannot both slip through.
    The key is the client's address (see :func:`client_key`).
    """

    free: int = 3
    base_delay_s: float = 2.0
    max_delay_s: float = 300.0
    global_free: int = 30
    global_max_delay_s: float = 60.0
    forget_s: float = 3600.0

    def _delay(self, count: int, free: int, cap: float) -> float:
        if count < free:
            return 0.0
        return min(cap, self.base_delay_s * 2 ** min(count - free, 30))

    def wait(self, state: ThrottleState) -> float:
        """Seconds an attempt must still wait, given the recent failures in ``state``."""
        # no delay owed means no wait, even when another attempt was counted a moment after
        # ``state.now`` was read (two attempts at once: the later clock can win the lock)
        own = 0.0
        delay = self._delay(len(state.times), self.free, self.max_delay_s)
        if state.times and delay > 0:
            own = state.times[-1] + delay - state.now
        glob = 0.0
        delay = self._delay(state.total, self.global_free, self.global_max_delay_s)
        if state.last is not None and delay > 0:
            glob = state.last + delay - state.now
        return max(0.0, own, glob)

    def check(self, store: BaseStore | MemoryThrottles, key: str, password: str,
              stored_hash: str | None, *, now: float | None = None) -> bool:
        """Verify a login attempt; raises ``PermissionDeniedError`` while throttled."""
        wait = store.throttle_take(LOGIN_SCOPE, key, window_s=self.forget_s, wait=self.wait,
                                   now=now, scope_wide=True)
        if wait > 0:
            n = int(wait) + 1
            raise PermissionDeniedError(key="login_throttled_one" if n == 1 else "login_throttled",
                                        params={"n": n})
        ok = bool(stored_hash) and verify_password(password, stored_hash or "")
        if ok:
            store.throttle_clear(LOGIN_SCOPE, key)
        return ok


class MemoryThrottles:
    """``throttle_take``/``throttle_clear`` in this process's memory, for a project that does
    not exist yet (Beheer makes it with its first import). Once it exists, the store counts."""

    def __init__(self) -> None:
        self._events: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def throttle_take(self, scope: str, key: str, *, window_s: float,
                      wait: Callable[[ThrottleState], float], now: float | None = None,
                      scope_wide: bool = False) -> float:
        from .store.base import ThrottleState

        now = time.time() if now is None else float(now)
        with self._lock:
            for k in list(self._events):
                kept = [t for t in self._events[k] if t > now - window_s]
                if kept:
                    self._events[k] = kept
                else:
                    del self._events[k]
            times = list(self._events.get((scope, key), []))
            every = [t for (sc, _), ts in self._events.items() if sc == scope for t in ts]
            w = max(0.0, float(wait(ThrottleState(
                times, len(every) if scope_wide else 0,
                max(every) if scope_wide and every else None, now))))
            if w <= 0:
                self._events.setdefault((scope, key), []).append(now)
        return w

    def throttle_clear(self, scope: str, key: str) -> None:
        with self._lock:
            self._events.pop((scope, key), None)


def client_key(peer: str | None, headers: Mapping[str, str] | None, *,
               trusted_proxies: Sequence[str] = (), header: str = "X-Forwarded-For") -> str:
    """Who is trying to log in, as a throttle key.

    ``peer`` is the address the connection came from (Streamlit gives none for a client on
    the same host). When ``trusted_proxies`` lists that address (a proxy on the same host
    counts as ``127.0.0.1`` and ``::1``), the client is the right-most address in ``header``
    that is not a trusted proxy itself; a header from any other peer is ignored (a client can
    write anything there). Without any address all clients share one key, ``"global"``:
    configure the proxy (``ASSETMAP_TRUSTED_PROXY``) so that one person cannot delay all.
    """
    trusted = {_ip(p) for p in trusted_proxies} - {None}
    peer_ip = _ip(peer)
    via = peer_ip if peer_ip is not None else (_LOOPBACK if not peer else None)
    if trusted and via is not None and (via in trusted or (via == _LOOPBACK and
                                                           trusted & _LOOPBACKS)):
        value = ""
        for name, v in (headers or {}).items():
            if name.lower() == header.lower():
                value = v
        for part in reversed([p.strip() for p in str(value).split(",")]):
            ip = _ip(part)
            if ip is not None and ip not in trusted:
                return f"ip:{ip}"
        # only proxies in the header, or none: fall through to the peer
    if peer_ip is not None and peer_ip not in trusted:
        return f"ip:{peer_ip}"
    return "global"


def _ip(text: str | None) -> str | None:
    """``text`` as a normalised IP address, or ``None``."""
    if not text:
        return None
    try:
        return str(ipaddress.ip_address(text.strip().strip("[]")))
    except ValueError:
        return None


_LOOPBACK = "127.0.0.1"
_LOOPBACKS = {"127.0.0.1", "::1"}

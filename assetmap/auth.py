"""Facilitator authentication: a salted password hash and a delay after failed attempts.

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
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import PermissionDeniedError

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


@dataclass
class LoginThrottle:
    """After ``free`` failed attempts, each next attempt must wait longer (doubling, capped).

    Keyed by whatever identifies the person trying (a browser session id).
    """

    free: int = 3
    base_delay_s: float = 2.0
    max_delay_s: float = 300.0
    _fails: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, key: str, *, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            count, last = self._fails.get(key, (0, 0.0))
        if count < self.free:
            return 0.0
        delay = min(self.max_delay_s, self.base_delay_s * 2 ** (count - self.free))
        return max(0.0, last + delay - now)

    def check(self, key: str, password: str, stored_hash: str | None, *,
              now: float | None = None) -> bool:
        """Verify a login attempt; raises ``PermissionDeniedError`` while throttled."""
        wait = self.wait_seconds(key, now=now)
        if wait > 0:
            n = int(wait) + 1
            raise PermissionDeniedError(
                f"Te vaak een verkeerd wachtwoord. Probeer het over {n} "
                f"{'seconde' if n == 1 else 'seconden'} opnieuw.")
        ok = bool(stored_hash) and verify_password(password, stored_hash or "")
        now = time.monotonic() if now is None else now
        with self._lock:
            if ok:
                self._fails.pop(key, None)
            else:
                count, _ = self._fails.get(key, (0, 0.0))
                self._fails[key] = (count + 1, now)
        return ok

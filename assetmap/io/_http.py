"""The one HTTP helper for online services (PDOK, Overpass): time budget, retries, user agent.

Every call has a *time budget* (``timeout``, seconds for the whole call, retries included), so a
person waiting in the app never waits much longer than that. A connection error (refused, reset,
no answer in time, DNS) and an answer ``5xx`` or ``429`` (busy) are tried again after a short
pause that doubles each time (``backoff_s``, then twice that …), at most ``retries`` times, as long
as the budget allows; a ``Retry-After`` from the server is honoured when it fits in the budget.
Any other ``4xx`` is final at once. Each request names us: :data:`USER_AGENT`
(``assetmap/<version>``), as the Overpass and PDOK usage policies ask.

Failures become a :class:`~assetmap.errors.GeocodeError` whose Dutch message names the service
(``"PDOK is niet bereikbaar …"``, ``"Overpass gaf een fout (503) …"``) and ends with the caller's
advice (what the person can do instead).
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from .. import __version__
from ..errors import GeocodeError

USER_AGENT = f"assetmap/{__version__} (buurtkrachtkaart; Python-urllib)"
RETRIES = 2
BACKOFF_S = 0.3
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_RETRY_AFTER_MAX_S = 30.0


def request(url: str, *, service: str, advice: str, timeout: float,
            data: bytes | None = None, headers: Mapping[str, str] | None = None,
            retries: int = RETRIES, backoff_s: float = BACKOFF_S) -> bytes:
    """The body of a GET (or a POST when ``data`` is given) to ``url``.

    Parameters
    ----------
    service
        The name people know the service by (``"PDOK"``, ``"Overpass"``): used in messages.
    advice
        A Dutch sentence for the person when the service fails (what to do instead); an
        :class:`assetmap.i18n.Msg` says itself in the reader's language.
    timeout
        Seconds for the whole call, retries and pauses included.
    retries, backoff_s
        How often to try again after a connection error or a 5xx/429 answer, and the first pause.

    Raises
    ------
    GeocodeError
        The service could not be reached or answered with an error, in Dutch.
    """
    hdrs = {"User-Agent": USER_AGENT, **(headers or {})}
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        left = deadline - time.monotonic()
        req = urllib.request.Request(url, data=data, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=max(left, 0.1)) as r:  # noqa: S310
                return r.read()
        except urllib.error.HTTPError as exc:
            code = exc.code
            pause = _retry_after(exc) if code in (429, 503) else None
            failure = GeocodeError(key="http_status", params={"service": service, "code": code,
                                                               "advice": advice})
            if code not in _RETRY_STATUS:
                raise failure from None
        except (OSError, http.client.HTTPException):  # refused, reset, timeout, DNS
            pause = None
            failure = GeocodeError(key="http_unreachable",
                                   params={"service": service, "advice": advice})
        wait = backoff_s * 2 ** attempt if pause is None else pause
        attempt += 1
        if attempt > retries or time.monotonic() + wait >= deadline:
            raise failure
        time.sleep(wait)


def get_json(url: str, *, service: str, advice: str, timeout: float,
             data: bytes | None = None, retries: int = RETRIES,
             backoff_s: float = BACKOFF_S) -> Any:
    """:func:`request` and parse the answer as JSON (a :class:`GeocodeError` when it is not)."""
    body = request(url, service=service, advice=advice, timeout=timeout, data=data,
                   headers={"Accept": "application/json"}, retries=retries,
                   backoff_s=backoff_s)
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise GeocodeError(key="http_unreadable", params={"service": service}) from None


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers is not None else None
    try:
        return min(max(float(value), 0.0), _RETRY_AFTER_MAX_S) if value else None
    except ValueError:  # an HTTP date: use our own backoff
        return None

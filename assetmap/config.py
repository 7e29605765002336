"""App configuration: the one place that reads environment variables (one frozen dataclass).

``ASSETMAP_PROJECT``  the project to open (a .gpkg path or a ``postgresql://`` URL); default:
                      the demo project ``data/demo.gpkg`` next to the app, written when missing.
``ASSETMAP_PROJECTS_DIR``  a folder of project GeoPackages, and/or ``ASSETMAP_PROJECTS_DB`` a
                      ``postgresql://`` database (every project schema in it): one app serves all
                      of them, chosen by name (``?project=NAME``; see :mod:`assetmap.projects`).
``ASSETMAP_LANG``     ``nl`` (default) or ``en``: the starting language of the UI.
``ASSETMAP_PUBLIC_URL`` the address residents' phones use to reach the app (for the QR code),
                      e.g. ``http://192.168.1.20:8501``; default: the address the browser used,
                      or when that is ``localhost`` this machine's LAN address
                      (:func:`lan_address`).
``ASSETMAP_REFRESH_S``  seconds between refreshes of the projector screen (default 5).
``ASSETMAP_FACILITATOR_PASSWORD_HASH``  the facilitators' password as a hash (``assetmap
                      hash-password``); ``ASSETMAP_FACILITATOR_PASSWORD`` a plain one (quick start).
``ASSETMAP_TRUSTED_PROXY``  addresses of the reverse proxies in front of the app (comma-separated,
                      e.g. ``127.0.0.1``): only from those is the client's address taken from
                      the forwarded header, for the facilitator login delay.
``ASSETMAP_FORWARDED_HEADER``  that header (default ``X-Forwarded-For``; e.g. ``X-Real-IP``).
``ASSETMAP_LOGIN_DELAY_S``  seconds a facilitator login waits after three wrong passwords from
                      one address (default 2; it doubles with every next failure, up to 5 min).
``ASSETMAP_PDOK_URL``, ``ASSETMAP_PDOK_OGC_URL``, ``ASSETMAP_OVERPASS_URL``  other addresses for
                      the PDOK Locatieserver, PDOK's wijken-en-buurten API and Overpass (a mirror,
                      or a stand-in in tests); default: the public services.

The module also owns the analysis defaults that the CLI flags, the Analyse page's sliders and
the analysis functions share (it stays cheap to import, so ``assetmap --help`` is quick).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
DEMO_PROJECT = APP_DIR / "data" / "demo.gpkg"

DEFAULT_THRESHOLD_M = 400.0
"""Coverage: a place farther than this (metres) from a meeting place counts as uncovered."""
DEFAULT_EPS_M = 150.0
"""Clusters: DBSCAN neighbourhood distance in metres."""
DEFAULT_MIN_SAMPLES = 3
"""Clusters: the fewest places that make a cluster."""


@dataclass(frozen=True)
class Config:
    """The settings of one run, read from the environment by :meth:`from_env`."""

    project: str
    is_demo: bool
    lang: str = "nl"
    static_url: str = "/app/static"
    public_url: str | None = None
    refresh_s: float = 5.0
    pdok_url: str | None = None
    pdok_ogc_url: str | None = None
    overpass_url: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    forwarded_header: str = "X-Forwarded-For"
    login_delay_s: float = 2.0
    projects_dir: str | None = None
    projects_db: str | None = None
    project_name: str | None = None
    """The chosen project's name when the app serves several (set by the UI, not the env)."""

    @property
    def multi(self) -> bool:
        """Whether this app serves several projects (``ASSETMAP_PROJECTS_DIR``/``_DB``)."""
        return bool(self.projects_dir or self.projects_db)
    facilitator_password_hash: str | None = field(default=None, repr=False)
    facilitator_password: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        """The configuration from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            return env.get(name, "").strip() or None

        lang = (text("ASSETMAP_LANG") or "nl").lower()
        if lang not in ("nl", "en"):
            lang = "nl"
        try:
            refresh = max(1.0, float(env.get("ASSETMAP_REFRESH_S", "5")))
        except ValueError:
            refresh = 5.0
        try:
            login_delay = min(300.0, max(0.5, float(env.get("ASSETMAP_LOGIN_DELAY_S", "2"))))
        except ValueError:
            login_delay = 2.0
        project = text("ASSETMAP_PROJECT")
        return cls(project=project or str(DEMO_PROJECT), is_demo=project is None, lang=lang,
                   public_url=text("ASSETMAP_PUBLIC_URL"), refresh_s=refresh,
                   pdok_url=text("ASSETMAP_PDOK_URL"),
                   pdok_ogc_url=text("ASSETMAP_PDOK_OGC_URL"),
                   overpass_url=text("ASSETMAP_OVERPASS_URL"),
                   trusted_proxies=tuple(p.strip() for p in
                                         (text("ASSETMAP_TRUSTED_PROXY") or "").split(",")
                                         if p.strip()),
                   forwarded_header=text("ASSETMAP_FORWARDED_HEADER") or "X-Forwarded-For",
                   login_delay_s=login_delay,
                   projects_dir=text("ASSETMAP_PROJECTS_DIR"),
                   projects_db=text("ASSETMAP_PROJECTS_DB"),
                   facilitator_password_hash=text("ASSETMAP_FACILITATOR_PASSWORD_HASH"),
                   facilitator_password=env.get("ASSETMAP_FACILITATOR_PASSWORD") or None)


def lan_address() -> str | None:
    """This machine's address in the local network (``192.168.1.20``), or ``None``.

    The UDP socket trick: "connecting" a datagram socket sends nothing, but makes the system
    pick the interface it would route through; its address is the one phones on the same wifi
    reach. ``None`` without a network (or when only loopback is left)."""
    import ipaddress
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.254.254.254", 9))  # any non-local address; no packet leaves
            ip = s.getsockname()[0]
        except OSError:
            return None
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return None
    return None if addr.is_loopback or addr.is_unspecified else ip


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` points at this machine only (``localhost``, ``127.x``, ``::1``): a
    phone cannot open it."""
    import ipaddress
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ensure_demo(path: str | os.PathLike[str] = DEMO_PROJECT) -> Path:
    """Write the demo project at ``path`` when it is missing."""
    p = Path(path)
    if not p.exists():
        from .demo import write_demo

        write_demo(p)
    return p

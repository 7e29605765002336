"""App configuration: one frozen dataclass, read from the environment.

``ASSETMAP_PROJECT``  the project to open (a .gpkg path or a ``postgresql://`` URL); default:
                      the demo project ``data/demo.gpkg`` next to the app, written when missing.
``ASSETMAP_LANG``     ``nl`` (default) or ``en``: the starting language of the UI.
``ASSETMAP_PUBLIC_URL`` the address residents' phones use to reach the app (for the QR code),
                      e.g. ``http://192.168.1.20:8501``; default: the address the browser used.
``ASSETMAP_REFRESH_S``  seconds between refreshes of the projector screen (default 5).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
DEMO_PROJECT = APP_DIR / "data" / "demo.gpkg"


@dataclass(frozen=True)
class Config:
    project: str
    is_demo: bool
    lang: str = "nl"
    static_url: str = "/app/static"
    walk_speed_kmh: float = 4.5
    coverage_threshold_m: float = 400.0
    cluster_eps_m: float = 150.0
    cluster_min_samples: int = 3
    public_url: str | None = None
    refresh_s: float = 5.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        project = env.get("ASSETMAP_PROJECT", "").strip()
        lang = env.get("ASSETMAP_LANG", "nl").strip().lower()
        if lang not in ("nl", "en"):
            lang = "nl"
        public_url = env.get("ASSETMAP_PUBLIC_URL", "").strip() or None
        try:
            refresh = max(1.0, float(env.get("ASSETMAP_REFRESH_S", "5")))
        except ValueError:
            refresh = 5.0
        common = {"lang": lang, "public_url": public_url, "refresh_s": refresh}
        if project:
            return cls(project=project, is_demo=False, **common)
        return cls(project=str(DEMO_PROJECT), is_demo=True, **common)


def ensure_demo(path: str | os.PathLike[str] = DEMO_PROJECT) -> Path:
    """Write the demo project at ``path`` when it is missing."""
    p = Path(path)
    if not p.exists():
        from .demo import write_demo

        write_demo(p)
    return p

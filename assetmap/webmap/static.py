"""Leaflet and its plugins, served by the app itself: the map draws with no internet.

The files come from the XStatic packages on PyPI (``xstatic-leaflet``,
``xstatic-leaflet-markercluster``), installed with the project; nothing is copied into the repo.
Two ways to use them:

- :func:`copy_static` copies them into the app's ``static/`` folder, which Streamlit serves at
  ``/app/static/`` (``server.enableStaticServing``). Streamlit refuses symlinks there, so we copy.
- :func:`inline_tags` returns ``<script>``/``<style>`` tags with the file contents (images as data
  URIs), for one self-contained HTML file.

Our markers are inline SVG, so no icon font (Font Awesome) is needed.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from pathlib import Path


def _dirs() -> dict[str, Path]:
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as mc

    return {"leaflet": Path(leaflet.BASE_DIR), "markercluster": Path(mc.BASE_DIR)}


# the files of each package that the map uses
_PACKAGE_FILES: dict[str, tuple[str, ...]] = {
    "leaflet": ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"),
    "markercluster": ("leaflet.markercluster.js", "MarkerCluster.css",
                      "MarkerCluster.Default.css"),
}
# name served under static/ ("<package>/<file>") -> (package, file inside the package)
FILES: dict[str, tuple[str, str]] = {f"{pkg}/{f}": (pkg, f)
                                     for pkg, files in _PACKAGE_FILES.items() for f in files}

LEAFLET_JS = "leaflet/leaflet.js"
LEAFLET_CSS = "leaflet/leaflet.css"
CLUSTER_JS = "markercluster/leaflet.markercluster.js"
CLUSTER_CSS = ("markercluster/MarkerCluster.css", "markercluster/MarkerCluster.Default.css")


def source(name: str) -> Path:
    """Where the file served as ``name`` (a key of :data:`FILES`) is installed."""
    pkg, rel = FILES[name]
    return _dirs()[pkg] / rel


def copy_static(dest: str | Path) -> Path:
    """Copy the map assets into ``dest`` (e.g. the app's ``static/``); idempotent."""
    dest = Path(dest)
    for name in FILES:
        src = source(name)
        target = dest / name
        if target.is_symlink():
            target.unlink()
        if target.exists() and target.stat().st_size == src.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # via a temporary name: a server (or a second test worker) never reads half a file
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copyfile(src, tmp)
        os.replace(tmp, target)
    return dest


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def inline_css(name: str) -> str:
    """A CSS file's text with the images it refers to as data URIs."""
    css = source(name).read_text(encoding="utf-8")
    base = source(name).parent

    def repl(m: re.Match[str]) -> str:
        ref = m.group(1).strip("'\"")
        p = base / ref
        if ref.startswith(("data:", "#")) or not p.exists():
            return m.group(0)
        return f"url({_data_uri(p)})"

    return re.sub(r"url\(([^)]+)\)", repl, css)


def inline_js(name: str) -> str:
    """A JavaScript file's text, safe to put inside a ``<script>`` element."""
    js = source(name).read_text(encoding="utf-8")
    # a literal </script> would end the tag early; none is in these files, but be safe
    return js.replace("</script", "<\\/script")


def inline_tags(*, cluster: bool) -> str:
    """``<style>`` and ``<script>`` tags with Leaflet (and MarkerCluster) inlined."""
    parts = [f"<style>{inline_css(LEAFLET_CSS)}</style>",
             f"<script>{inline_js(LEAFLET_JS)}</script>"]
    if cluster:
        parts += [f"<style>{inline_css(c)}</style>" for c in CLUSTER_CSS]
        parts.append(f"<script>{inline_js(CLUSTER_JS)}</script>")
    return "\n".join(parts)

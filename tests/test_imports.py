"""The domain package never imports Streamlit."""

from __future__ import annotations

import subprocess
import sys


def test_import_assetmap_loads_no_streamlit():
    code = (
        "import sys, importlib, pkgutil, assetmap\n"
        "for m in pkgutil.walk_packages(assetmap.__path__, 'assetmap.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'streamlit' or n.startswith('streamlit.')"
        " or n.startswith('streamlit_'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr

"""assetmap: map the assets of a neighbourhood together (Asset-Based Community Development).

The package is pure Python over GeoPandas; it never imports Streamlit (a test checks this).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]

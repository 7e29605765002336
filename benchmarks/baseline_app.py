"""The baseline of ``bench_sessions``: a bare Streamlit page for the same phone flow.

What a careful first version would be, written the way the Streamlit and streamlit-folium docs
show it: the approved meeting places on an ``st_folium`` map (``returned_objects=
["last_clicked"]``, the chosen spot as ``feature_group_to_add``), an ``st.form`` with the same
fields as Toevoegen's form for a meeting place, and on "Opslaan" the same
``assetmap.evening.submit`` into the same store. No buurten, streets, legend, language choice,
'my entries' or sidebar. The bench copies this file next to a copy of ``./static`` (Leaflet, so
the map draws offline like ours) and runs it with ``ASSETMAP_PROJECT`` set.
"""

from __future__ import annotations

import os

import folium
import streamlit as st
from shapely.geometry import Point
from streamlit_folium import st_folium

from assetmap import evening, schema
from assetmap.errors import AssetMapError
from assetmap.store import new_token, open_store
from assetmap.webmap import static as webassets

st.set_page_config(page_title="baseline", layout="wide")


@st.cache_resource
def store():
    return open_store(os.environ["ASSETMAP_PROJECT"])


@st.cache_data
def points() -> list[tuple[float, float, str]]:
    g = store().read("meeting_places", status="approved")
    return [(p.y, p.x, str(n)) for p, n in zip(g.geometry, g["name"], strict=True)]


code = st.query_params.get("avond")
token = st.session_state.setdefault("token", new_token())
st.title("Voeg toe wat de buurt heeft")
if msg := st.session_state.get("thanks"):
    st.success(msg)

pts = points()
m = folium.Map(location=[pts[0][0], pts[0][1]], zoom_start=15)
m.default_js = [("leaflet", f"/app/static/{webassets.LEAFLET_JS}")]
m.default_css = [("leaflet_css", f"/app/static/{webassets.LEAFLET_CSS}")]
for lat, lon, name in pts:
    folium.CircleMarker([lat, lon], radius=9, tooltip=name, fill=True).add_to(m)
m.fit_bounds([[min(p[0] for p in pts), min(p[1] for p in pts)],
              [max(p[0] for p in pts), max(p[1] for p in pts)]])
pin = folium.FeatureGroup(name="pin")
chosen = st.session_state.get("chosen")
if chosen:
    folium.CircleMarker([chosen[1], chosen[0]], radius=12, color="#D55E00").add_to(pin)
out = st_folium(m, key="map", height=380, use_container_width=True,
                returned_objects=["last_clicked"], feature_group_to_add=pin) or {}
click = out.get("last_clicked")
if click and [click["lng"], click["lat"]] != chosen:
    st.session_state["chosen"] = [click["lng"], click["lat"]]
    st.rerun()
if chosen:
    st.caption(f"Gekozen plek: {chosen[1]:.5f}, {chosen[0]:.5f}")

spec = schema.LAYERS["meeting_places"]
labels = {k: v[0] for k, v in schema.MEETING_KIND_LABELS.items()}
with st.form("form", clear_on_submit=True):
    values = {}
    for f in spec.form_fields:
        label = f.label_nl + (" *" if f.required else "")
        if f.kind == "enum":
            values[f.name] = st.selectbox(label, f.choices, index=None, placeholder="Kies",
                                          format_func=labels.get)
        elif f.kind == "bool":
            values[f.name] = st.selectbox(label, [True, False], index=None,
                                          placeholder="Weet ik niet",
                                          format_func=lambda v: "Ja" if v else "Nee")
        elif (f.max_length or 0) > 200:
            values[f.name] = st.text_area(label, height=90) or None
        else:
            values[f.name] = st.text_input(label) or None
    saved = st.form_submit_button("Opslaan", type="primary", use_container_width=True)
if saved:
    if not chosen:
        st.error("Tik eerst op de kaart.")
    else:
        try:
            evening.submit(store(), "meeting_places",
                           {**values, "geometry": Point(chosen[0], chosen[1])}, token=token,
                           evening_code=code)
        except AssetMapError as exc:
            st.error(str(exc))
        else:
            st.session_state.pop("chosen", None)
            st.session_state["thanks"] = "Dank je wel! Je bijdrage is opgeslagen."
            st.rerun()

"""The history of a project: enough to redraw the map of any moment, and nothing personal.

Design
------
Every change to an entry writes one row to the table ``history`` (both backends, copied by
``assetmap copy`` and kept in backups), in the same transaction as the change itself and its
``audit`` row. The rows are written in one place, :meth:`BaseStore._audit
<assetmap.store.base.BaseStore._audit>`, so any new kind of change (a moderation step, a
revision) is recorded without extra code. A row holds the state of the entry *after* the
change:

==============  ===============================================================================
column          meaning
==============  ===============================================================================
``at``          when (UTC, to the second; rows of one second keep their insertion order)
``layer``       the point layer (``meeting_places``, ``talents`` … any layer of ``schema.LAYERS``)
``record_id``   the entry's id; after a withdrawal or erasure a new random id (see below)
``action``      ``add``, ``update``, ``approved`` / ``pending`` / ``hidden`` (status set),
                ``buurt`` (re-assigned to a new buurt division), ``delete`` (removed by a
                worker) or ``removed`` (withdrawn or erased: personal data forgotten)
``status``      status after the change (empty once deleted)
``public``      whether the public map showed it after the change (:func:`privacy.is_public_record`)
``buurt_code``  its buurt after the change (for a deletion: the buurt it was in)
``fields``      for ``update``: the *names* of the changed fields, never their values
``evening_id``  the theme evening it was added at, ``source``: form, import, osm, demo, paper
``name``,       only for layers without personal data (meeting places, associations,
``kind``,       entrepreneurs): the public name, the kind of place and the point, so that a
``lon``/``lat`` meeting place that is gone can still be drawn on the map of an earlier moment
``derived``     true for rows rebuilt from ``created_at``/``updated_at``/``audit`` (see below)
==============  ===============================================================================

What is kept per layer
    *Layers with personal data* (a field marked ``personal`` or a ``location_precision``:
    talents, and wishes when that layer exists) keep only layer, buurt, status, public-ness,
    the names of changed fields, evening and source: never a name, contact, display name, token
    or a point finer than the buurt. *Other layers* also keep name, kind and point.
    No row ever holds a contributor token (who did it stays in ``audit``, for workers).

Withdrawal and erasure
    When a resident withdraws an entry (a delete by a non-facilitator), when any entry of a
    personal layer is deleted, and for every entry of an AVG erasure
    (:func:`assetmap.avg.erase_contributor`), :meth:`BaseStore.forget
    <assetmap.store.base.BaseStore.forget>` keeps only that *something* of that layer in that
    buurt was there and was removed: its history rows get a new random id (the old id no
    longer links them to anything), lose name, kind, point, field names, evening and source,
    and the last row becomes ``removed``; its ``audit`` rows get the same new id and lose the
    token. An erasure also blanks the token in every other audit row, in the project and in
    every backup (backups obey the same rule). GeoPackage files are written with
    ``secure_delete``, so freed pages are zeroed.

Projects made before history existed (migration)
    :func:`derive_rows` rebuilds rows for every entry that has no ``add`` row yet: an ``add``
    at ``created_at`` (or its audit row), the status changes and updates the audit log
    records, and for entries already deleted an ``add`` and ``delete`` from the audit (their
    buurt is unknown then). Current values stand in for the past ones we do not know, so the
    rows are marked ``derived`` and the pages say so. Entries that already have an ``add`` row
    are skipped: running it again changes nothing (:meth:`BaseStore.history
    <assetmap.store.base.BaseStore.history>` runs it on first use).

Earlier buurten
    A new buurt division (``set_buurten`` with other codes, shapes or CBS year) moves the
    current buurten to ``buurten_archive`` with ``archived_at``; every entry whose buurt
    changes gets a ``buurt`` row. See :mod:`assetmap.analysis.history` for how a comparison
    across a re-division counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import privacy, schema

GONE_ACTIONS = ("delete", "removed")
STATUS_ACTIONS = schema.STATUSES
FORGET_VALUES: dict[str, Any] = {"name": None, "kind": None, "lon": None, "lat": None,
                                 "fields": None, "evening_id": None, "source": None}


def is_personal(layer: str) -> bool:
    """Whether ``layer`` holds personal data (a ``personal`` field or a talent-like location):
    its history keeps no name and no point."""
    spec = schema.LAYERS.get(layer)
    if spec is None:
        return True
    return spec.has("location_precision") or any(f.personal for f in spec.fields)


def _point(geom: Any) -> tuple[float | None, float | None]:
    if geom is None or getattr(geom, "is_empty", True) or geom.geom_type != "Point":
        return None, None
    return round(float(geom.x), 7), round(float(geom.y), 7)


def history_rows(layer: str, action: str, records: Sequence[Mapping[str, Any]], *, at: str,
                 fields: Sequence[str] = (), derived: bool = False) -> list[dict[str, Any]]:
    """The history rows of ``action`` on ``records`` (each the entry as stored after it, or
    before it for a deletion)."""
    personal = is_personal(layer)
    spec = schema.LAYERS.get(layer)
    has_kind = spec is not None and spec.has("kind")
    gone = action in GONE_ACTIONS
    out = []
    for rec in records:
        row: dict[str, Any] = {
            "at": at, "layer": layer, "record_id": rec.get("id"), "action": action,
            "status": None if gone else rec.get("status"),
            "public": False if gone else privacy.is_public_record(layer, rec),
            "buurt_code": rec.get("buurt_code"),
            "fields": ",".join(fields) or None,
            "evening_id": rec.get("evening_id"), "source": rec.get("source"),
            "name": None, "kind": None, "lon": None, "lat": None, "derived": derived,
        }
        if not personal:
            row["name"] = rec.get("name")
            row["kind"] = rec.get("kind") if has_kind else None
            row["lon"], row["lat"] = _point(rec.get("geometry"))
        out.append(row)
    return out


# --------------------------------------------------------------------------- migration


def _text(v: Any) -> str | None:
    return None if schema.is_na(v) else str(v)


def derive_rows(live: Mapping[str, pd.DataFrame], audit: pd.DataFrame,
                history: pd.DataFrame) -> list[dict[str, Any]]:
    """History rows for entries that have no ``add`` row yet, rebuilt from what the project
    still knows (see the module docstring). Pure; returns the rows to insert.

    Parameters
    ----------
    live
        Every point layer as read from the store (all statuses).
    audit
        The audit table.
    history
        The history table as it is now.
    """
    known_add = set(history.loc[history["action"] == "add", "record_id"].dropna()) \
        if len(history) else set()
    first_at: dict[str, str] = {}
    first_buurt: dict[str, Any] = {}
    if len(history):
        h = history.dropna(subset=["record_id"])
        order = pd.to_datetime(h["at"], utc=True, format="ISO8601")
        h = h.assign(_t=order).sort_values("_t", kind="stable")
        firsts = h.groupby("record_id", sort=False).head(1)
        first_at = dict(zip(firsts["record_id"], firsts["at"], strict=True))
        first_buurt = dict(zip(firsts["record_id"], firsts["buurt_code"], strict=True))
    a = audit[audit["layer"].isin(list(schema.LAYERS)) & audit["record_id"].notna()]
    events: dict[str, list[dict[str, Any]]] = {}
    if len(a):
        a = a.assign(_t=pd.to_datetime(a["at"], utc=True, format="ISO8601"))
        a = a.sort_values("_t", kind="stable")
        for rec in a[["at", "_t", "layer", "record_id", "action", "fields"]].to_dict("records"):
            events.setdefault(rec["record_id"], []).append(rec)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for layer, g in live.items():
        for rec in g.to_dict("records"):
            rid = rec.get("id")
            seen.add(rid)
            if rid in known_add or rid is None:
                continue
            rec = {k: (None if schema.is_na(v) else v) for k, v in rec.items()
                   if k != "geometry"} | {"geometry": rec.get("geometry")}
            rows += _derive_live(layer, rec, _before(events.get(rid, []), first_at.get(rid)),
                                 has_rows=rid in first_at)
    for rid, evs in events.items():
        if rid in seen or rid in known_add:
            continue
        evs = _before(evs, first_at.get(rid))
        if evs:
            rows += _derive_gone(evs[0]["layer"], rid, evs, first_buurt.get(rid),
                                 has_rows=rid in first_at)
    return rows


def _before(evs: list[dict[str, Any]], first: str | None) -> list[dict[str, Any]]:
    if first is None:
        return evs
    cut = pd.Timestamp(first.replace("Z", "+00:00")) if isinstance(first, str) else first
    return [e for e in evs if e["_t"] < cut]


def _derive_live(layer: str, rec: dict[str, Any], evs: list[dict[str, Any]], *,
                 has_rows: bool) -> list[dict[str, Any]]:
    """Rows of a live entry without an ``add`` row; current values stand in for past ones."""
    adds = [e for e in evs if e["action"] == "add"]
    at = adds[0]["at"] if adds else (_text(rec.get("created_at")) or
                                     (evs[0]["at"] if evs else schema.now_iso()))
    statuses = [e for e in evs if e["action"] in STATUS_ACTIONS]
    current = rec.get("status")
    state = dict(rec, status="pending" if statuses else current)
    rows = history_rows(layer, "add", [state], at=at, derived=True)
    for e in evs:
        if e["action"] in STATUS_ACTIONS:
            state = dict(state, status=e["action"])
            rows += history_rows(layer, e["action"], [state], at=e["at"], derived=True)
        elif e["action"] == "update":
            f = [x for x in (e.get("fields") or "").split(",") if x]
            rows += history_rows(layer, "update", [state], at=e["at"], fields=f, derived=True)
    if statuses and state.get("status") != current and not has_rows:
        rows += history_rows(layer, current or "pending", [rec],
                             at=_text(rec.get("updated_at")) or at, derived=True)
    if not evs and not has_rows:
        changed = _text(rec.get("updated_at"))
        if changed and changed > at:
            rows += history_rows(layer, "update", [rec], at=changed, derived=True)
    return rows


def _derive_gone(layer: str, rid: str, evs: list[dict[str, Any]], buurt: Any, *,
                 has_rows: bool) -> list[dict[str, Any]]:
    """Rows of an entry known only from the audit log (deleted before history existed)."""
    state: dict[str, Any] = {"id": rid, "status": "pending", "buurt_code": buurt}
    rows = history_rows(layer, "add", [state], at=evs[0]["at"], derived=True)
    for e in evs[1:]:
        if e["action"] in STATUS_ACTIONS:
            state = dict(state, status=e["action"])
            rows += history_rows(layer, e["action"], [state], at=e["at"], derived=True)
        elif e["action"] == "delete" and not has_rows:
            rows += history_rows(layer, "delete", [state], at=e["at"], derived=True)
    return rows


# --------------------------------------------------------------------------- buurt divisions


def new_division(old: Any, new: Any) -> bool:
    """Whether buurten ``new`` are another division than ``old`` (other codes, shapes or CBS
    year), so that ``old`` must be kept in the archive. An empty ``old`` is nothing to keep."""
    if old is None or len(old) == 0:
        return False
    if sorted(map(str, old["code"])) != sorted(map(str, new["code"])):
        return True
    o = old.set_index(old["code"].astype(str))
    n = new.set_index(new["code"].astype(str))
    for code in n.index:
        oy, ny = o.at[code, "year"] if "year" in o.columns else None, \
            n.at[code, "year"] if "year" in n.columns else None
        if (None if schema.is_na(oy) else int(oy)) != (None if schema.is_na(ny) else int(ny)):
            return True
        og, ng = o.at[code, o.geometry.name], n.at[code, n.geometry.name]
        if og is None or ng is None or not og.equals_exact(ng, 1e-9):
            return True
    return False

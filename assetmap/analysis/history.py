"""The map through time: the state of a project at a moment, and what changed between two.

Pure functions over the ``history`` table (see :mod:`assetmap.store.history` for what it keeps).

- A :class:`~assetmap.analysis.moments.Moment` is a point in time: a date (``2026-03-12`` =
  the end of that day in Europe/Amsterdam), a timestamp, or a theme evening (the moment it
  closed, or now while it is open). :func:`parse_when` reads the three forms the CLI takes.
- :func:`state_at`: the entries present at a moment, each with its status, public-ness and
  buurt. A public view counts what the public map showed (:func:`visible`): approved entries,
  talents as a count per buurt as on the map (also the talents a resident keeps for workers
  only, small counts hidden), and it names only entries that were on the public map. A
  worker's view counts every entry that was approved or waiting for approval (hidden ones are
  not counted) and names them all.
- :func:`compare`: per buurt and layer the count before and after, the ids added, the number
  removed per buurt and layer, and the ids changed in between (fields or status) that are
  visible at both moments.
- Buurt divisions (:mod:`.divisions`): when the buurten were replaced between the two moments
  (a newer CBS year), everything is counted in the buurten of the later moment. An entry then
  counts in the buurt where its point lies; an entry without a stored point (a talent) in the
  buurt that holds the centre of its earlier buurt. :attr:`Comparison.boundaries` says so.
- Privacy: on a public comparison the counts of layers with personal data (talents) from 1 to
  ``privacy.MIN_COUNT - 1`` are hidden, and when only one number of a buurt and layer would be
  hidden a second one is hidden too, so that it cannot be worked out from the others
  (before + added - removed = after).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import i18n, privacy, schema
from ..errors import ValidationError
from ..store.history import GONE_ACTIONS, is_personal
from .divisions import BoundaryChange, boundary_change, buurten_at, reassign
from .moments import (
    TIMEZONE,
    Moment,
    date_moment,
    date_text,
    end_of_day,
    evening_moment,
    evening_moments,
    now_moment,
    parse_when,
)

__all__ = [
    "TIMEZONE", "BoundaryChange", "Comparison", "Moment", "boundary_change", "buurten_at",
    "compare", "compare_store", "date_moment", "date_text", "end_of_day", "evening_moment",
    "evening_moments", "noun", "now_moment", "parse_when", "prepare", "reassign", "sentences",
    "state_at", "visible",
]

CHANGE_ACTIONS = ("update", *schema.STATUSES)


# --------------------------------------------------------------------------- state


def prepare(history: pd.DataFrame) -> pd.DataFrame:
    """The history rows with a ``_t`` timestamp column, in time order (rows of one second in
    the order they were written). Other functions accept either."""
    if "_t" in history.columns:
        return history
    t = pd.to_datetime(history["at"], utc=True, format="ISO8601") if len(history) \
        else pd.Series([], dtype="datetime64[ns, UTC]")
    out = history.assign(_t=t.to_numpy() if len(history) else t)
    return out.sort_values("_t", kind="stable").reset_index(drop=True)


def state_at(history: pd.DataFrame, at: pd.Timestamp | Moment) -> pd.DataFrame:
    """The entries present at ``at``: one row per entry with its state after its last change
    (``record_id``, ``layer``, ``status``, ``public``, ``buurt_code``, ``name``, ``kind``,
    ``lon``, ``lat``, ``evening_id``, ``source``)."""
    h = prepare(history)
    cut = at.at if isinstance(at, Moment) else at
    h = h[h["_t"] <= cut]
    last = h.groupby("record_id", sort=False).tail(1)
    present = last[~last["action"].isin(GONE_ACTIONS)]
    return present.drop(columns=["_t"]).reset_index(drop=True)


def visible(state: pd.DataFrame, *, include_private: bool = False) -> pd.DataFrame:
    """The entries a map of that moment counted: approved ones (talents kept for workers
    only count in the buurt's number, as on the public map), or for workers every entry
    approved or waiting for approval."""
    keep = ["approved", "pending"] if include_private else ["approved"]
    return state[state["status"].isin(keep)]


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Comparison:
    """What changed between two moments.

    Attributes
    ----------
    before, after
        The two moments.
    include_private
        ``False``: what the public map showed (small talent counts hidden in the outputs);
        ``True``: every approved or pending entry, exact counts (workers only).
    per_buurt
        ``buurt_code``, ``layer``, ``before``, ``after``: exact counts (use
        :meth:`public_table` for what may be shown).
    added, removed, changed, unchanged
        One row per entry (``record_id``, ``layer``, ``buurt_code``, ``name``, ``kind``,
        ``lon``, ``lat``); ``removed`` ids are internal (never shown), entries of personal
        layers have no name or point.
    buurten
        The buurten everything is counted in (those of the later moment).
    boundaries
        Set when the buurten were replaced between the moments.
    derived_until
        The last moment of history that was derived rather than recorded, if any.
    """

    before: Moment
    after: Moment
    include_private: bool
    per_buurt: pd.DataFrame
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame
    unchanged: pd.DataFrame
    buurten: gpd.GeoDataFrame
    layers: tuple[str, ...]
    boundaries: BoundaryChange | None = None
    derived_until: pd.Timestamp | None = None

    def full_table(self) -> pd.DataFrame:
        """Per buurt and layer: ``before``, ``after``, ``added``, ``removed`` (exact)."""
        t = self.per_buurt.copy()
        key = ["buurt_code", "layer"]
        for name, frame in (("added", self.added), ("removed", self.removed)):
            n = frame.groupby(key, dropna=False).size().rename(name).reset_index() \
                if len(frame) else pd.DataFrame(columns=[*key, name])
            t = t.merge(n, on=key, how="left")
            t[name] = t[name].fillna(0).astype(int)
        return t

    def public_table(self) -> pd.DataFrame:
        """:meth:`full_table` as it may be shown: for a public comparison, counts of layers
        with personal data from 1 to ``MIN_COUNT - 1`` are null, and a second number of that
        buurt and layer too when one alone could be worked out. Nullable ``Int64`` columns."""
        t = self.full_table()
        for c in ("before", "after", "added", "removed"):
            t[c] = t[c].astype("Int64")
        if self.include_private:
            return t
        for i, row in t.iterrows():
            if not is_personal(row["layer"]):
                continue
            hidden = _suppress({c: int(row[c]) for c in ("before", "after", "removed",
                                                           "added")})
            for c in hidden:
                t.at[i, c] = pd.NA
        return t

    def removed_counts(self) -> pd.DataFrame:
        """``buurt_code``, ``layer``, ``count`` of entries removed (null when hidden); only
        buurten and layers where something was removed."""
        t = self.public_table()
        t = t[(t["removed"].isna()) | (t["removed"] > 0)]
        return t[["buurt_code", "layer", "removed"]].rename(columns={"removed": "count"}) \
            .reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``assetmap compare``: exactly ``from``, ``to``, ``per_buurt``,
        ``added``, ``removed``, ``changed``."""
        t = self.public_table()
        return {
            "from": self.before.iso,
            "to": self.after.iso,
            "per_buurt": [{"buurt_code": _code(r.buurt_code), "layer": r.layer,
                           "before": _int(r.before), "after": _int(r.after)}
                          for r in t.itertuples(index=False)],
            "added": [str(i) for i in self._named(self.added)["record_id"]],
            "removed": [{"buurt_code": _code(r.buurt_code), "layer": r.layer,
                         "count": _int(r.count)}
                        for r in self.removed_counts().itertuples(index=False)],
            "changed": [str(i) for i in self._named(self.changed)["record_id"]],
        }

    def _named(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The entries that may be named: all for workers, else those on the public map."""
        if self.include_private:
            return frame
        return frame[frame["public"].fillna(False).astype(bool)]

    def shown(self, part: str) -> pd.DataFrame:
        """``added``, ``removed``, ``changed`` or ``unchanged`` entries to draw on a map: those
        with a point, and on a public comparison only those that were on the public map."""
        frame = getattr(self, part)
        frame = frame[frame["lon"].notna() & frame["lat"].notna()]
        return frame if self.include_private else \
            frame[frame["public"].fillna(False).astype(bool)]

    def to_frame(self) -> pd.DataFrame:
        """The same as :meth:`to_dict` as one long table for CSV: a row per part, with the
        columns ``section`` (``per_buurt``, ``added``, ``removed``, ``changed``), ``from``,
        ``to``, ``buurt_code``, ``layer``, ``before``, ``after``, ``count`` and ``id``."""
        d = self.to_dict()
        rows: list[dict[str, Any]] = []
        for r in d["per_buurt"]:
            rows.append({"section": "per_buurt", **r})
        for part in ("added", "changed"):
            frame = getattr(self, part).set_index("record_id")
            for rid in d[part]:
                rows.append({"section": part, "buurt_code": _code(frame.at[rid, "buurt_code"]),
                             "layer": frame.at[rid, "layer"], "id": rid})
        for r in d["removed"]:
            rows.append({"section": "removed", **r})
        cols = ["section", "from", "to", "buurt_code", "layer", "before", "after", "count", "id"]
        out = pd.DataFrame(rows, columns=cols)
        out["from"], out["to"] = d["from"], d["to"]
        for c in ("before", "after", "count"):
            out[c] = out[c].astype("Int64")
        return out


#: Dutch headers of :meth:`Comparison.to_frame` for a CSV in Dutch Excel
COMPARE_HEADERS = {
    "section": "Onderdeel", "from": "Van", "to": "Tot", "buurt_code": "Buurtcode",
    "layer": "Laag", "before": "Voor", "after": "Na", "count": "Aantal", "id": "Id",
}
COMPARE_VALUES = {"section": {"per_buurt": "per buurt", "added": "erbij", "removed": "weg",
                              "changed": "gewijzigd"}}

def _int(v: Any) -> int | None:
    return None if schema.is_na(v) else int(v)


def _code(v: Any) -> str | None:
    return None if schema.is_na(v) else str(v)


def _suppress(values: dict[str, int]) -> set[str]:
    """Which of ``before``, ``after``, ``removed``, ``added`` to hide: the small ones, and a
    second one when only one would be hidden (the added ids are public, so they do not count
    as a hiding place)."""
    hidden = {k for k, v in values.items() if privacy.is_small(v)}
    rest = [k for k in ("after", "before", "removed") if k not in hidden]
    if len(hidden - {"added"}) == 1 and rest:
        nonzero = [k for k in rest if values[k] > 0]
        hidden.add(min(nonzero, key=lambda k: values[k]) if nonzero else rest[0])
    return hidden


_ENTRY_COLS = ["record_id", "layer", "buurt_code", "status", "public", "name", "kind", "lon",
               "lat"]


def compare(history: pd.DataFrame, before: Moment, after: Moment, *,
            buurten: gpd.GeoDataFrame, archive: gpd.GeoDataFrame | None = None,
            include_private: bool = False, layers: tuple[str, ...] | None = None) -> Comparison:
    """Compare the project at ``before`` and ``after`` (see the module docstring).

    Parameters
    ----------
    history
        The history table (``store.history()``).
    before, after
        The moments; ``before`` must not be later than ``after``.
    buurten, archive
        The current buurten and the archived divisions (``store.buurten_archive()``).
    include_private
        Count every approved or pending entry instead of what the public map showed.
    layers
        The layers to count (default: every point layer).
    """
    if before.at > after.at:
        raise ValidationError(key="when_order", field="from")
    h = prepare(history)
    layers = layers or tuple(schema.LAYERS)
    h = h[h["layer"].isin(layers)]
    b = visible(state_at(h, before.at), include_private=include_private)
    a = visible(state_at(h, after.at), include_private=include_private)
    to_set = buurten_at(buurten, archive, after.at)
    change = boundary_change(buurten, archive, before.at, after.at)
    if change is not None:
        b = reassign(b, buurten_at(buurten, archive, before.at), to_set)
    added = a[~a["record_id"].isin(b["record_id"])]
    removed = b[~b["record_id"].isin(a["record_id"])]
    both = a[a["record_id"].isin(b["record_id"])]
    window = h[(h["_t"] > before.at) & (h["_t"] <= after.at) & h["action"].isin(CHANGE_ACTIONS)]
    touched = set(window["record_id"])
    changed = both[both["record_id"].isin(touched)]
    unchanged = both[~both["record_id"].isin(touched)]
    per_buurt = _per_buurt(b, a, to_set, layers)
    derived = h.loc[h["derived"].fillna(False).astype(bool), "_t"]
    return Comparison(
        before=before, after=after, include_private=include_private, per_buurt=per_buurt,
        added=added[_ENTRY_COLS].reset_index(drop=True),
        removed=removed[_ENTRY_COLS].reset_index(drop=True),
        changed=changed[_ENTRY_COLS].reset_index(drop=True),
        unchanged=unchanged[_ENTRY_COLS].reset_index(drop=True),
        buurten=to_set, layers=tuple(layers), boundaries=change,
        derived_until=derived.max() if len(derived) else None)


def _per_buurt(b: pd.DataFrame, a: pd.DataFrame, buurten: gpd.GeoDataFrame,
               layers: tuple[str, ...]) -> pd.DataFrame:
    codes: list[Any] = [str(c) for c in buurten["code"]] if len(buurten) else []
    key = ["buurt_code", "layer"]
    nb = b.groupby(key, dropna=False).size()
    na = a.groupby(key, dropna=False).size()
    outside = {k[0] for k in [*nb.index, *na.index] if k[0] not in codes}
    codes += sorted(outside, key=lambda c: (c is None or schema.is_na(c), str(c)))
    rows = []
    for code in codes:
        for layer in layers:
            k = (code, layer)
            rows.append({"buurt_code": None if schema.is_na(code) else code, "layer": layer,
                         "before": int(nb.get(k, 0)), "after": int(na.get(k, 0))})
    return pd.DataFrame(rows, columns=["buurt_code", "layer", "before", "after"])


# --------------------------------------------------------------------------- sentences


def noun(layer: str, n: int | None, lang: str = "nl") -> str:
    """The layer as a noun for ``n`` entries (``ontmoetingsplek`` / ``ontmoetingsplekken``)."""
    key = f"hist_{'one' if n == 1 else 'many'}_{layer}"
    if i18n.has(key, lang) or i18n.has(key, "nl"):
        return i18n.text(key, lang)
    spec = schema.LAYERS.get(layer)
    return spec.label(lang).lower() if spec is not None else layer


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {i18n.text('hist_and', lang)} " + items[-1]


def _n(v: Any, lang: str) -> str:
    return i18n.text("hist_a_few", lang) if schema.is_na(v) else str(int(v))


def sentences(comp: Comparison, *, lang: str = "nl") -> list[str]:
    """Short sentences (B1) about what changed, per layer: "Sinds de themaavond van 12 maart
    kwamen er in Molenbuurt 4 ontmoetingsplekken bij; De Akkers heeft er nog steeds geen."

    Hidden counts read "een paar" (a few); buurten are named, never people."""
    t = comp.public_table()
    names = _names(comp.buurten)
    same_year = comp.before.at.year == comp.after.at.year
    since = i18n.text("hist_since", lang, moment=comp.before.label(lang, year=not same_year))
    out = []
    if comp.boundaries is not None:
        out.append(comp.boundaries.sentence(lang))
    for layer in comp.layers:
        rows = t[(t["layer"] == layer) & t["buurt_code"].notna()]
        if len(rows) == 0:
            continue
        grew = rows[rows["added"].isna() | (rows["added"] > 0)]
        parts = [i18n.text("hist_in_buurt", lang, buurt=names.get(r.buurt_code, r.buurt_code),
                           n=_n(r.added, lang),
                           noun=noun(layer, None if schema.is_na(r.added) else int(r.added),
                                     lang))
                 for r in grew.itertuples(index=False)]
        never = [names.get(r.buurt_code, r.buurt_code) for r in rows.itertuples(index=False)
                 if _is_zero(r.before) and _is_zero(r.after)]
        if parts:
            s = i18n.text("hist_added", lang, since=since, what=_join(parts, lang))
        else:
            s = i18n.text("hist_none_added", lang, since=since, noun=noun(layer, 2, lang))
        if never:
            key = "hist_still_none_one" if len(never) == 1 else "hist_still_none_many"
            s += "; " + i18n.text(key, lang, buurten=_join(never, lang))
        out.append(s + ".")
        lost = rows[rows["removed"].isna() | (rows["removed"] > 0)]
        if len(lost):
            what = [i18n.text("hist_in_buurt_lost", lang,
                              buurt=names.get(r.buurt_code, r.buurt_code),
                              n=_n(r.removed, lang),
                              noun=noun(layer, None if schema.is_na(r.removed)
                                        else int(r.removed), lang))
                    for r in lost.itertuples(index=False)]
            out.append(i18n.text("hist_removed", lang, since=since, what=_join(what, lang)) + ".")
    if comp.derived_until is not None and comp.before.at <= comp.derived_until:
        out.append(i18n.text("hist_derived", lang, date=date_text(
            comp.derived_until.tz_convert(TIMEZONE).date(), lang)))
    return out


def _is_zero(v: Any) -> bool:
    return not schema.is_na(v) and int(v) == 0


def _names(buurten: gpd.GeoDataFrame) -> dict[str, str]:
    if len(buurten) == 0:
        return {}
    return {str(c): (str(n) if isinstance(n, str) and n.strip() else str(c))
            for c, n in zip(buurten["code"], buurten["name"], strict=True)}


# --------------------------------------------------------------------------- from a store


def compare_store(store: Any, when_from: str | Moment, when_to: str | Moment, *,
                  include_private: bool = False, now: datetime | None = None) -> Comparison:
    """:func:`compare` on a project: ``when_from``/``when_to`` as :func:`parse_when` reads
    them (or moments)."""
    evenings = store.evenings()
    m0 = when_from if isinstance(when_from, Moment) else \
        parse_when(when_from, evenings, now=now, what="--from")
    m1 = when_to if isinstance(when_to, Moment) else \
        parse_when(when_to, evenings, now=now, what="--to")
    return compare(store.history(), m0, m1, buurten=store.buurten(),
                   archive=store.buurten_archive(), include_private=include_private)

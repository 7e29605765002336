"""Theme evenings: joining by code, submitting, own entries, moderation and the projector view.

The service layer between the pages and the store. Residents are recognised only by their
random contributor token; everything that changes someone else's entry needs a facilitator
``Actor``. Every submission is one short transaction in the store.
"""

from __future__ import annotations

import difflib
import re
import threading
import time
import unicodedata
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import geopandas as gpd
import pandas as pd

from . import crs as crsmod
from . import privacy, schema
from .errors import (
    ChangedMeanwhileError,
    EveningClosedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from .store.base import Actor, BaseStore

RATE_LIMIT = 30
RATE_WINDOW_S = 600.0
DUPLICATE_DISTANCE_M = 75.0
DUPLICATE_SIMILARITY = 0.75


@dataclass
class RateLimiter:
    """At most ``limit`` entries per ``window_s`` seconds per contributor token (in memory)."""

    limit: int = RATE_LIMIT
    window_s: float = RATE_WINDOW_S
    _hits: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, token: str, *, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._hits[token]
            while q and q[0] <= now - self.window_s:
                q.popleft()
            if len(q) >= self.limit:
                wait = int(q[0] + self.window_s - now) // 60 + 1
                raise RateLimitError(
                    f"Wat fijn dat je zoveel weet! Je hebt er net {self.limit} toegevoegd. "
                    f"Wacht ongeveer {wait} minuten en ga dan verder.")
            q.append(now)

    def undo(self, token: str) -> None:
        with self._lock:
            q = self._hits.get(token)
            if q:
                q.pop()


DEFAULT_LIMITER = RateLimiter()


class _Once:
    """Remembers which form instances were stored (``(token, form_id)`` -> new id), so a
    double tap on 'Opslaan' stores one entry: the second submission waits for the first and
    gets its id. In memory, per process (the app runs one process per evening)."""

    def __init__(self, size: int = 20_000) -> None:
        from collections import OrderedDict

        self._done: OrderedDict[tuple[str, str], tuple[threading.Event, list[str]]] = \
            OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def claim(self, key: tuple[str, str]) -> tuple[bool, threading.Event, list[str]]:
        """(first, event, box): the first caller stores and fills ``box``; others wait."""
        with self._lock:
            if key in self._done:
                ev, box = self._done[key]
                return False, ev, box
            ev, box = threading.Event(), []
            self._done[key] = (ev, box)
            while len(self._done) > self._size:
                self._done.popitem(last=False)
            return True, ev, box

    def release(self, key: tuple[str, str]) -> None:
        """The first caller failed (nothing stored): a new tap may try again."""
        with self._lock:
            item = self._done.pop(key, None)
        if item is not None:
            item[0].set()


_ONCE = _Once()


def join(store: BaseStore, code: str) -> dict[str, Any]:
    """The open evening with join ``code``; Dutch errors for unknown or closed codes."""
    clean = (code or "").strip().upper()
    if not clean:
        raise NotFoundError("Vul de code van de themaavond in.", field="avond")
    ev = store.evening_by_code(clean)
    if ev is None:
        raise NotFoundError(f"De avondcode '{clean}' kennen we niet. Kijk nog eens op het scherm "
                            "of vraag de opbouwwerker.", field="avond")
    if not ev.get("open"):
        raise EveningClosedError(f"De themaavond '{ev['title']}' is gesloten. Toevoegen kan niet "
                                 "meer via deze code.", field="avond")
    return ev


def submit(store: BaseStore, layer: str, record: Mapping[str, Any], *, token: str,
           evening_code: str | None = None, limiter: RateLimiter | None = DEFAULT_LIMITER,
           form_id: str | None = None) -> str:
    """A resident adds an entry (status ``pending``, or ``approved`` on an auto-approve evening).

    ``form_id`` names one filled-in form (one per form instance): submitting the same form
    twice (a double tap, a resent request) stores one entry and returns its id both times.

    Raises ``ValidationError`` (field named), ``NotFoundError``/``EveningClosedError`` for a bad
    code, ``RateLimitError`` when the token adds too much too fast. Nothing is stored on error.
    """
    if not token:
        raise PermissionDeniedError("Je sessie heeft geen bijdragerstoken. Laad de pagina opnieuw.")
    if form_id:
        key = (token, form_id)
        first, done, box = _ONCE.claim(key)
        if not first:
            done.wait(timeout=30)
            if box:
                return box[0]
            return submit(store, layer, record, token=token, evening_code=evening_code,
                          limiter=limiter, form_id=form_id)
        try:
            rid = submit(store, layer, record, token=token, evening_code=evening_code,
                         limiter=limiter)
        except BaseException:
            _ONCE.release(key)
            raise
        box.append(rid)
        done.set()
        return rid
    rec = dict(record)
    for k in ("status", "created_by", "evening_id", "id", "source_ref"):
        rec.pop(k, None)
    rec["source"] = "form"
    status = "pending"
    if evening_code:
        ev = join(store, evening_code)
        rec["evening_id"] = ev["id"]
        if ev.get("auto_approve"):
            status = "approved"
    if limiter is not None:
        limiter.hit(token)
    try:
        return store.add(layer, rec, actor=Actor.resident(token), status=status)
    except BaseException:
        if limiter is not None:
            limiter.undo(token)
        raise


def _stack(frames: Mapping[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    parts = []
    for layer, g in frames.items():
        if len(g):
            parts.append(g.assign(layer=layer))
    if not parts:
        return gpd.GeoDataFrame({"layer": pd.Series([], dtype=object),
                                 "id": pd.Series([], dtype=object),
                                 "name": pd.Series([], dtype=object),
                                 "status": pd.Series([], dtype=object),
                                 "created_at": pd.Series([], dtype=object)},
                                geometry=gpd.GeoSeries([], crs=4326))
    out = pd.concat(parts, ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)


REVISION_PREFIX = "wijziging:"
"""``source_ref`` of a pending revision: a resident's change to an approved entry, stored as a
pending row of the same layer until a facilitator approves it (the approved version stays on
the map meanwhile)."""


def revision_of(record: Mapping[str, Any]) -> str | None:
    """The id of the approved entry that ``record`` is a pending change of, or ``None``."""
    ref = record.get("source_ref")
    if isinstance(ref, str) and ref.startswith(REVISION_PREFIX):
        return ref[len(REVISION_PREFIX):]
    return None


def _is_revision(g: gpd.GeoDataFrame) -> pd.Series:
    return g["source_ref"].fillna("").astype(str).str.startswith(REVISION_PREFIX)


def pending_revision(store: BaseStore, layer: str, record_id: str) -> dict[str, Any] | None:
    """The pending change of entry ``record_id``, if there is one."""
    g = store.read(layer, status="pending")
    hit = g[g["source_ref"] == REVISION_PREFIX + record_id]
    return store.get(layer, hit["id"].iloc[0]) if len(hit) else None


def my_entries(store: BaseStore, token: str) -> gpd.GeoDataFrame:
    """Every entry made with ``token``, newest first, with a ``layer`` column and
    ``change_pending`` (a change of it waits for approval; the change itself is not listed)."""
    frames = {}
    for layer in schema.POINT_LAYERS:
        g = store.read(layer)
        g = g[g["created_by"] == token]
        rev = _is_revision(g)
        waiting = {r[len(REVISION_PREFIX):] for r in g.loc[rev, "source_ref"]}
        g = g[~rev]
        frames[layer] = g.assign(change_pending=g["id"].isin(waiting))
    out = _stack(frames)
    if "change_pending" not in out.columns:
        out["change_pending"] = pd.Series([], dtype=bool)
    return out.sort_values("created_at", ascending=False, kind="stable").reset_index(drop=True)


def editable(store: BaseStore, layer: str, record_id: str) -> dict[str, Any] | None:
    """What the resident's edit form starts from: their pending change, else the entry."""
    return pending_revision(store, layer, record_id) or store.get(layer, record_id)


def edit_own(store: BaseStore, layer: str, record_id: str, changes: Mapping[str, Any], *,
             token: str) -> dict[str, Any]:
    """A resident changes their own entry.

    An approved entry of a moderated evening keeps its approved version on the map: the change
    is stored as a pending revision (``"waits": True`` in the result) that a facilitator
    approves (:func:`moderate` then applies it) or rejects. A pending entry is changed as is.
    """
    actor = Actor.resident(token)
    with store.transaction():
        current = store.get(layer, record_id)
        if current is None:
            raise NotFoundError("Deze bijdrage bestaat niet meer.")
        if current.get("created_by") != token:
            raise PermissionDeniedError(
                "Je kunt alleen je eigen bijdragen wijzigen. Deze is van iemand anders.")
        if current.get("status") != "approved" or _auto_approved(store,
                                                                  current.get("evening_id")):
            return {**store.update(layer, record_id, changes, actor=actor), "waits": False}
        rev = pending_revision(store, layer, record_id)
        if rev is not None:
            new = store.update(layer, rev["id"], changes, actor=actor)
        else:
            rec = {k: v for k, v in current.items()
                   if k not in ("id", "status", "created_at", "updated_at", "created_by")}
            rec.update(changes)
            rec["source_ref"] = REVISION_PREFIX + record_id
            new = store.get(layer, store.add(layer, rec, actor=actor, status="pending"))
    return {**new, "waits": True}


def _apply_revisions(store: BaseStore, layer: str, revisions: Mapping[str, dict[str, Any]],
                     action: str, actor: Actor, expected: Mapping[str, str] | None) -> int:
    """Approve (apply to the approved entry) or reject (drop) pending revisions."""
    spec = schema.LAYERS[layer]
    keep = [f.name for f in spec.form_fields] + ["location_precision", "consent_at",
                                                 "consent_version"]
    for rid, rev in revisions.items():
        if expected and rid in expected and schema.record_version(rev) != expected[rid]:
            raise ChangedMeanwhileError(
                f"'{rev.get('name')}' is gewijzigd nadat je het las. Bekijk de nieuwe versie "
                "en keur dan opnieuw goed; er is niets veranderd.")
        target = revision_of(rev)
        if action == "approve" and target and store.get(layer, target) is not None:
            changes = {k: rev.get(k) for k in keep if spec.has(k)}
            changes["geometry"] = rev.get("geometry")
            store.update(layer, target, changes, actor=actor)
        store.delete(layer, rid, actor=actor)
    return len(revisions)


def _auto_approved(store: BaseStore, evening_id: str | None) -> bool:
    if not evening_id:
        return False
    ev = store.evening(evening_id)
    return bool(ev and ev.get("auto_approve") and ev.get("open"))


def withdraw(store: BaseStore, layer: str, record_id: str, *, token: str) -> None:
    """A resident removes their own entry for good (hard delete), with a pending change of it."""
    with store.transaction():
        rev = pending_revision(store, layer, record_id)
        store.delete(layer, record_id, actor=Actor.resident(token))
        if rev is not None:
            store.delete(layer, rev["id"], actor=Actor.resident(token))


def queue(store: BaseStore, *, evening_id: str | None = None,
          status: str | Sequence[str] = "pending") -> gpd.GeoDataFrame:
    """Entries waiting for the facilitator (optionally of one evening), oldest first."""
    frames = {layer: store.read(layer, status=status, evening_id=evening_id)
              for layer in schema.POINT_LAYERS}
    out = _stack(frames)
    return out.sort_values("created_at", kind="stable").reset_index(drop=True)


def moderate(store: BaseStore, layer: str, record_ids: Sequence[str], action: str, *,
             actor: Actor, expected: Mapping[str, str] | None = None) -> int:
    """Facilitator: ``approve`` or ``hide`` entries.

    ``expected``: per id the :func:`schema.record_version` the facilitator read; an entry
    changed since is not approved (``ChangedMeanwhileError``, nothing changes)."""
    status = {"approve": "approved", "hide": "hidden", "pending": "pending"}.get(action)
    if status is None:
        raise ValueError(f"unknown moderation action {action!r}")
    if not actor.facilitator:
        raise PermissionDeniedError("Alleen een opbouwwerker kan bijdragen goedkeuren of "
                                    "verbergen.")
    with store.transaction():
        recs = {rid: store.get(layer, rid) for rid in record_ids}
        revisions = {rid: r for rid, r in recs.items() if r is not None and revision_of(r)}
        rest = [rid for rid in record_ids if rid not in revisions]
        n = _apply_revisions(store, layer, revisions, action, actor, expected) \
            if revisions and action != "pending" else 0
        if revisions and action == "pending":
            rest = list(record_ids)
        if rest:
            n += store.set_status(layer, rest, status, actor=actor, expected=expected)
    return n


def _norm_name(s: Any) -> str:
    s = unicodedata.normalize("NFKD", str(s or "")).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9 ]+", " ", s.lower())
    return " ".join(s.split())


def name_similarity(a: Any, b: Any) -> float:
    na, nb = _norm_name(a), _norm_name(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    if (na in nb or nb in na) and min(len(na), len(nb)) >= 4:
        return 0.9
    return difflib.SequenceMatcher(None, na, nb).ratio()


def likely_duplicates(store: BaseStore, *, layers: Sequence[str] | None = None,
                      max_distance_m: float = DUPLICATE_DISTANCE_M,
                      min_similarity: float = DUPLICATE_SIMILARITY,
                      only_pending: bool = True) -> pd.DataFrame:
    """Pairs in one layer with a similar name within ``max_distance_m``: suggestions only.

    With ``only_pending`` at least one of the pair is still waiting for moderation.
    """
    rows = []
    for layer in layers or schema.POINT_LAYERS:
        g = store.read(layer, status=("pending", "approved"))
        g = g[~_is_revision(g)]  # a pending change sits on its own entry: not a duplicate
        if len(g) < 2:
            continue
        w = g.to_crs(crsmod.working_crs(g))
        pairs = gpd.sjoin(w[["id", "geometry"]], w[["id", "geometry"]].assign(
            geometry=w.geometry.buffer(max_distance_m)), predicate="within")
        pairs = pairs[pairs["id_left"] < pairs["id_right"]]
        by_id = g.set_index("id")
        geo = w.set_index("id").geometry
        for a, b in zip(pairs["id_left"], pairs["id_right"], strict=True):
            ra, rb = by_id.loc[a], by_id.loc[b]
            if only_pending and "pending" not in (ra["status"], rb["status"]):
                continue
            sim = name_similarity(ra["name"], rb["name"])
            if sim < min_similarity:
                continue
            rows.append({"layer": layer, "a_id": a, "a_name": ra["name"], "a_status": ra["status"],
                         "b_id": b, "b_name": rb["name"], "b_status": rb["status"],
                         "distance_m": round(float(geo[a].distance(geo[b])), 1),
                         "similarity": round(sim, 2)})
    cols = ["layer", "a_id", "a_name", "a_status", "b_id", "b_name", "b_status", "distance_m",
            "similarity"]
    return pd.DataFrame(rows, columns=cols)


def merge(store: BaseStore, layer: str, keep_id: str, drop_id: str, *,
          actor: Actor) -> dict[str, Any]:
    """Facilitator: keep one entry, fill its empty fields from the other, delete the other."""
    if not actor.facilitator:
        raise PermissionDeniedError("Alleen een opbouwwerker kan dubbele bijdragen samenvoegen.")
    if keep_id == drop_id:
        raise PermissionDeniedError("Kies twee verschillende bijdragen om samen te voegen.")
    with store.transaction():
        keep = store.get(layer, keep_id)
        drop = store.get(layer, drop_id)
        if keep is None or drop is None:
            raise NotFoundError("Een van de twee bijdragen bestaat niet meer.")
        spec = schema.LAYERS[layer]
        fill = {f.name: drop[f.name] for f in spec.form_fields
                if keep.get(f.name) in (None, "") and drop.get(f.name) not in (None, "")}
        if layer == "talents":
            fill.pop("contact", None)  # never move personal contact data between people
        new = store.update(layer, keep_id, fill, actor=actor) if fill else keep
        store.relink(layer, drop_id, keep_id, actor=actor)  # connections stay with the one kept
        store.delete(layer, drop_id, actor=actor)
    return new


@dataclass
class Summary:
    """What the projector shows: counts and the newest public entries."""

    per_layer: dict[str, int]
    per_buurt: pd.DataFrame  # index buurt code, columns: name + one per layer
    newest: list[dict[str, Any]]
    total: int


def summary(store: BaseStore, evening_id: str, *, newest: int = 8) -> Summary:
    """Approved entries of one evening (assets and wishes), safe to show on a projector
    (public fields only)."""
    b = store.buurten()
    names = dict(zip(b["code"], b["name"], strict=True)) if len(b) else {}
    per_layer, per_buurt, recent = {}, {}, []
    for layer in schema.POINT_LAYERS:
        g = store.read(layer, status="approved", evening_id=evening_id)
        per_layer[layer] = len(g)
        if layer == "talents":  # small counts (privacy.MIN_COUNT) stay hidden on a screen
            per_buurt[layer] = privacy.talent_counts(g)
        else:
            per_buurt[layer] = g["buurt_code"].fillna("-").value_counts()
        pub = privacy.public_view(layer, g)
        shown_ids = set(pub["id"])
        for _, row in g.iterrows():
            # only what the public may see: a non-public talent is not listed at all (its
            # buurt next to it would give away a hidden small count); never a contact
            if row["id"] not in shown_ids:
                continue
            recent.append({"layer": layer, "name": row["name"],
                           "buurt": names.get(row["buurt_code"], ""),
                           "created_at": row["created_at"]})
    table = pd.DataFrame(per_buurt)
    for layer in schema.POINT_LAYERS:
        if layer == "talents":
            present = set(per_buurt[layer].index)
            table[layer] = [v if c in present else 0 for c, v in table[layer].items()]
            table[layer] = table[layer].astype("Int64")
        else:
            table[layer] = table[layer].fillna(0).astype(int)
    table.insert(0, "buurt", [names.get(c, c) for c in table.index])
    recent.sort(key=lambda r: r["created_at"] or "", reverse=True)
    return Summary(per_layer=per_layer, per_buurt=table, newest=recent[:newest],
                   total=sum(per_layer.values()))


def close(store: BaseStore, evening_id: str, *, actor: Actor) -> dict[str, Any]:
    """Facilitator: close an evening (its code stops working), after a backup of the project."""
    if not actor.facilitator:
        raise PermissionDeniedError("Alleen een opbouwwerker kan een themaavond sluiten.")
    store.backup(reason="avond_gesloten")
    return store.update_evening(evening_id, {"open": False}, actor=actor)


def join_url(base_url: str, code: str) -> str:
    """The URL a QR code points at: the app with ``?avond=CODE``."""
    parts = urlsplit(base_url.rstrip("/") + "/")
    query = urlencode({"avond": code})
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def qr_png(data: str, *, box_size: int = 10, border: int = 2) -> bytes:
    """A QR code as PNG bytes (the ``qrcode`` package)."""
    import io

    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size,
                       border=border)
    qr.add_data(data)
    qr.make(fit=True)
    img = qr.make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()

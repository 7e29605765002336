"""Theme evenings: joining by code, submitting, own entries, moderation and the projector view.

The service layer between the pages and the store. Residents are recognised only by their
random contributor token; everything that changes someone else's entry needs a facilitator
``Actor``. Every submission is one short transaction in the store.
"""

from __future__ import annotations

import difflib
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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
from .store.base import Actor, BaseStore, ThrottleState

RATE_LIMIT = 30
RATE_WINDOW_S = 600.0
DUPLICATE_DISTANCE_M = 75.0
DUPLICATE_SIMILARITY = 0.75


@dataclass(frozen=True)
class RateLimiter:
    """At most ``limit`` entries per ``window_s`` seconds per contributor token.

    The entries counted live in the project store (``BaseStore.throttle_take``, scope
    ``scope``), so every app process on the project counts the same ones; a check and its count
    are one transaction. Call :meth:`hit` inside the transaction that stores the entry, so that
    an entry that is not stored is not counted either.
    """

    limit: int = RATE_LIMIT
    window_s: float = RATE_WINDOW_S
    scope: str = "submit"

    def wait(self, state: ThrottleState) -> float:
        """Seconds until the token may add again (0: now)."""
        if len(state.times) < self.limit:
            return 0.0
        return max(0.0, state.times[-self.limit] + self.window_s - state.now)

    def hit(self, store: BaseStore, token: str, *, now: float | None = None) -> None:
        """Count one entry of ``token``; ``RateLimitError`` (nothing counted) when too many."""
        wait = store.throttle_take(self.scope, token, window_s=self.window_s, wait=self.wait,
                                   now=now)
        if wait > 0:
            minutes = int(wait) // 60 + 1
            raise RateLimitError(key="rate_limit", params={"n": self.limit, "wait": minutes})


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
        raise NotFoundError(field="avond", key="evening_code_empty")
    ev = store.evening_by_code(clean)
    if ev is None:
        # echo the code only when it looks like one: it comes from a link anyone can craft
        if re.fullmatch(r"[A-Z0-9]{4,12}", clean):
            raise NotFoundError(field="avond", key="evening_code_unknown", params={"code": clean})
        raise NotFoundError(field="avond", key="evening_code_unknown_plain")
    if not ev.get("open"):
        raise EveningClosedError(field="avond", key="evening_closed",
                                 params={"title": ev["title"]})
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
        raise PermissionDeniedError(key="no_token")
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
    with store.transaction():  # the count and the entry: both or neither
        if limiter is not None:
            limiter.hit(store, token)
        return store.add(layer, rec, actor=Actor.resident(token), status=status)


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
            raise NotFoundError(key="evening_entry_gone")
        if current.get("created_by") != token:
            raise PermissionDeniedError(key="not_yours_edit")
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
            raise ChangedMeanwhileError(key="changed_meanwhile", params={"name": rev.get("name")})
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
    """A resident removes their own entry for good (hard delete), with a pending change of it,
    and from the backups too: a restore (e.g. of the backup made when the evening closed) must
    not bring it back."""
    from .avg import purge_from_backups

    with store.transaction():
        rev = pending_revision(store, layer, record_id)
        store.delete(layer, record_id, actor=Actor.resident(token))
        if rev is not None:
            store.delete(layer, rev["id"], actor=Actor.resident(token))
    purge_from_backups(store, [(layer, record_id)] + ([(layer, rev["id"])] if rev else []))
    store.compact()


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
        raise PermissionDeniedError(key="moderate_facilitator")
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
            if not _same_person_or_not_personal(layer, ra, rb):
                continue  # two residents' "Koken" at one buurt point are two people
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


def _same_person_or_not_personal(layer: str, a: Any, b: Any) -> bool:
    """Entries of a personal layer (talents, wishes: :data:`schema.REDUCED_LOCATION`) may be
    merged only when one contributor gave both; other layers always."""
    if layer not in schema.REDUCED_LOCATION:
        return True
    ta, tb = a.get("created_by"), b.get("created_by")
    return isinstance(ta, str) and bool(ta) and ta == tb


def merge(store: BaseStore, layer: str, keep_id: str, drop_id: str, *,
          actor: Actor) -> dict[str, Any]:
    """Facilitator: keep one entry, fill its empty fields from the other, delete the other.

    Entries of different residents in a personal layer are never merged (each must keep what
    they can see, change, withdraw and erase), and personal fields (a name, a contact) are
    never copied from one entry to the other (issue 12).
    """
    if not actor.facilitator:
        raise PermissionDeniedError(key="merge_facilitator")
    if keep_id == drop_id:
        raise PermissionDeniedError(key="merge_two")
    with store.transaction():
        keep = store.get(layer, keep_id)
        drop = store.get(layer, drop_id)
        if keep is None or drop is None:
            raise NotFoundError(key="merge_gone")
        if not _same_person_or_not_personal(layer, keep, drop):
            raise PermissionDeniedError(key="merge_other_residents")
        spec = schema.LAYERS[layer]
        fill = {f.name: drop[f.name] for f in spec.form_fields
                if not f.personal and f.name not in ("consent_at", "consent_version")
                and keep.get(f.name) in (None, "") and drop.get(f.name) not in (None, "")}
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
    (public fields only).

    Talents follow :func:`privacy.live_counts`: per buurt a count below 3 (zero too) shows as
    "<3", and the talent total is :func:`privacy.public_total` (only the counts shown), so no
    hidden count can be derived from the total or from a change while the room watches. A
    buurt is listed when something in it can be shown.
    """
    b = store.buurten()
    names = dict(zip(b["code"], b["name"], strict=True)) if len(b) else {}
    per_layer, per_buurt, recent = {}, {}, []
    for layer in schema.POINT_LAYERS:
        g = store.read(layer, status="approved", evening_id=evening_id)
        if layer == "talents":  # small counts (privacy.MIN_COUNT) stay hidden on a screen
            per_buurt[layer] = privacy.live_counts(g, names)
            per_layer[layer] = privacy.public_total(per_buurt[layer])
        else:
            per_buurt[layer] = g["buurt_code"].fillna("-").value_counts()
            per_layer[layer] = len(g)
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
            table[layer] = table[layer].astype("Int64")
        else:
            table[layer] = table[layer].fillna(0).astype(int)
    others = [layer for layer in schema.POINT_LAYERS if layer != "talents"]
    shown = (table[others] > 0).any(axis=1) | table["talents"].notna()
    table = table[shown.to_numpy()]
    table.insert(0, "buurt", [names.get(c, c) for c in table.index])
    recent.sort(key=lambda r: r["created_at"] or "", reverse=True)
    return Summary(per_layer=per_layer, per_buurt=table, newest=recent[:newest],
                   total=sum(per_layer.values()))


def close(store: BaseStore, evening_id: str, *, actor: Actor) -> dict[str, Any]:
    """Facilitator: close an evening (its code stops working), after a backup of the project."""
    if not actor.facilitator:
        raise PermissionDeniedError(key="close_facilitator")
    store.backup(reason="avond_gesloten")
    return store.update_evening(evening_id, {"open": False}, actor=actor)


def personal_url(base_url: str, token: str) -> str:
    """A resident's personal link: Toevoegen with ``?mijn=TOKEN`` and no evening code, so it
    keeps working after the evening closes (``project=NAME`` kept when ``base_url`` has it).
    It is never the link people share."""
    parts = urlsplit(base_url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k == "project"]
    path = parts.path.rstrip("/") + "/toevoegen"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode([*kept, ("mijn", token)]),
                       ""))


def join_url(base_url: str, code: str, lang: str | None = None, *,
             project: str | None = None) -> str:
    """The URL a QR code points at: the app with ``?avond=CODE`` (and ``project=NAME`` when the
    app serves several projects: from ``project`` or already in ``base_url``; ``&taal=tr`` when
    the form should open in another language than Dutch)."""
    parts = urlsplit(base_url.rstrip("/") + "/" if not urlsplit(base_url).query else base_url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k == "project"]
    if project:
        kept = [("project", project)]
    extra = [("taal", lang)] if lang and lang != "nl" else []
    query = urlencode([*kept, ("avond", code), *extra])
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

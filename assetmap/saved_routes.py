"""Saved wijksafari routes: what a team keeps of a planned route, and reopening it.

A saved route (table ``routes``, :data:`assetmap.schema.ROUTES`) holds the *plan*: a name, the
stops in visiting order (layer and id, never a copy of a name), the order mode (``optimal`` or
``manual``), start, end or round trip, tempo, step-free, minutes per stop and start time, plus
the distance and duration when it was saved (for lists). Reopening plans the route again with
the network and the places of today (:func:`reopen`); a stop that was removed since is left out
and said so ("1 stop bestaat niet meer").

Residents can propose a route from an evening link (:func:`propose`): it waits for a
facilitator (``pending``), like other entries; the public sees only approved routes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import networkx as nx
import pandas as pd

from . import i18n, routing, schema
from .errors import PermissionDeniedError, RoutingError
from .evening import DEFAULT_LIMITER, RateLimiter, join
from .store.base import Actor, BaseStore

STATUS_WORDS = {"approved": "goedgekeurd", "pending": "wacht op goedkeuring",
                "hidden": "verborgen"}
STATUS_WORDS_EN = {"approved": "approved", "pending": "waiting for approval",
                   "hidden": "hidden"}


def record_from_route(name: str, route: routing.Route) -> dict[str, Any]:
    """What to save of ``route`` under ``name``: stops in visiting order, the options and the
    figures (a mapping for :meth:`BaseStore.add_route` / :meth:`BaseStore.update_route`)."""
    stops = route.stops[:-1] if route.round_trip else route.stops
    return {
        "name": name,
        "stops": [{"layer": s.layer, "id": s.id} for s in stops],
        "order_mode": "manual" if route.method == "manual" else "optimal",
        "start_id": stops[0].id if stops else None,
        "end_id": None if route.round_trip else stops[-1].id,
        "round_trip": route.round_trip,
        "speed_kmh": route.speed_kmh,
        "step_free": route.step_free,
        "dwell_min": route.dwell_min,
        "start_time": None if route.start_time is None else f"{route.start_time:%H:%M}",
        "total_m": round(route.total_m, 1),
        "total_min": round(route.total_min, 1),
    }


def stops_of(record: Mapping[str, Any]) -> list[dict[str, str]]:
    """The stops of a saved route: ``[{"layer": …, "id": …}, …]`` in visiting order."""
    raw = record.get("stops")
    return [dict(s) for s in (json.loads(raw) if isinstance(raw, str) else raw or [])]


def plan_options(record: Mapping[str, Any], *, day: datetime | None = None) -> dict[str, Any]:
    """Keyword arguments of :func:`assetmap.routing.plan_route` for a saved route (the start
    time on ``day``, default today)."""
    speed = record.get("speed_kmh")
    dwell = record.get("dwell_min")
    return {
        "method": "manual" if record.get("order_mode") == "manual" else "optimal",
        "speed_kmh": float(speed) if speed is not None else routing.SPEED_KMH,
        "dwell_min": float(dwell) if dwell is not None else routing.DWELL_MIN,
        "start_time": routing.parse_start_time(record.get("start_time"), day=day),
        "step_free": bool(record.get("step_free")),
    }


@dataclass
class Reopened:
    """A saved route, planned again.

    Attributes
    ----------
    record
        The saved row.
    stops
        The stops that can still be visited, in the saved order.
    start, end
        Ids for :func:`assetmap.routing.plan_route` (``end`` is ``start`` for a round trip).
    gone
        Stops that no longer exist (layer, id).
    hidden
        Stops that exist but are not (or no longer) shown to this audience.
    route
        The route planned today; ``None`` when fewer than two stops are left.
    """

    record: dict[str, Any]
    stops: list[routing.Stop]
    start: str | None
    end: str | None
    gone: list[dict[str, str]] = field(default_factory=list)
    hidden: list[dict[str, str]] = field(default_factory=list)
    route: routing.Route | None = None

    def note(self, lang: str = "nl") -> str | None:
        """One sentence about left-out stops ("1 stop bestaat niet meer …"), or ``None``."""
        parts = []
        if self.gone:
            n = len(self.gone)
            parts.append(i18n.text("savedroute_gone_one" if n == 1 else "savedroute_gone_many",
                                   lang, n=n))
        if self.hidden:
            n = len(self.hidden)
            parts.append(i18n.text("savedroute_hidden_one" if n == 1
                                   else "savedroute_hidden_many", lang, n=n))
        return " ".join(parts) or None


def resolve(store: BaseStore, record: Mapping[str, Any], *, audience: str = "public",
            candidates: Any = None) -> Reopened:
    """The stops of a saved route that still exist and may be shown to ``audience`` (Stop
    objects with today's names), the ones left out, and its start and end."""
    cands = routing.stop_candidates(store, audience=audience) if candidates is None \
        else candidates
    by_id = {str(i): k for k, i in enumerate(cands["id"])}
    stops: list[routing.Stop] = []
    gone: list[dict[str, str]] = []
    hidden: list[dict[str, str]] = []
    for s in stops_of(record):
        k = by_id.get(s["id"])
        if k is None:
            (gone if store.get(s["layer"], s["id"]) is None else hidden).append(s)
            continue
        row = cands.iloc[k]
        stops.append(routing.Stop(id=str(row["id"]), name=str(row["name"]),
                                  layer=str(row["layer"]), geometry=row.geometry))
    ids = [s.id for s in stops]
    start = record.get("start_id") if record.get("start_id") in ids else next(iter(ids), None)
    end = start
    if record.get("round_trip") is not None and not record["round_trip"]:
        # one way: to the saved end, else to the last stop left
        end = record.get("end_id") if record.get("end_id") in ids else (ids[-1] if ids else None)
    return Reopened(dict(record), stops, start, end, gone, hidden)


def reopen(store: BaseStore, record: Mapping[str, Any], network: nx.Graph | None, *,
           audience: str = "public", day: datetime | None = None,
           overrides: Mapping[str, Any] | None = None) -> Reopened:
    """Plan a saved route again on ``network`` (``None``: straight lines).

    ``overrides`` replaces planning options (``speed_kmh``, ``step_free`` …) for this time only.
    Stops that were removed or are no longer public are left out (:attr:`Reopened.note`);
    with fewer than two stops left, :attr:`Reopened.route` is ``None``.

    Raises
    ------
    RoutingError
        The remaining stops cannot be joined (see :func:`assetmap.routing.plan_route`).
    """
    r = resolve(store, record, audience=audience)
    if len(r.stops) < 2:
        return r
    opts = {**plan_options(record, day=day), **(overrides or {})}
    r.route = routing.plan_route(network, r.stops, start=r.start, end=r.end, **opts)
    return r


def find(store: BaseStore, name_or_id: str, *, audience: str = "facilitator"
         ) -> dict[str, Any]:
    """The saved route called ``name_or_id`` (or with that id); the public only finds approved
    routes.

    Raises
    ------
    RoutingError
        No such route (the message lists a few names).
    """
    rec = store.route_named(name_or_id) or store.get_route(name_or_id.strip().lower())
    if rec is not None and (audience != "public" or rec.get("status") == "approved"):
        return rec
    known = store.routes(status="approved" if audience == "public" else None)["name"].tolist()
    if known:
        raise RoutingError(key="saved_route_unknown",
                           params={"name": name_or_id, "names": ", ".join(known[:8])})
    raise RoutingError(key="saved_route_unknown_none", params={"name": name_or_id})


def save(store: BaseStore, name: str, route: routing.Route, *, actor: Actor,
         replace: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Save ``route`` as a new route called ``name``, or over the saved route ``replace``
    (keeping its id, maker and status). Returns the stored row."""
    rec = record_from_route(name, route)
    if replace is not None:
        return store.update_route(replace["id"], rec, actor=actor)
    return store.add_route(rec, actor=actor)


def propose(store: BaseStore, name: str, route: routing.Route, *, token: str,
            evening_code: str, limiter: RateLimiter | None = DEFAULT_LIMITER) -> dict[str, Any]:
    """A resident at an open evening proposes ``route``: it is saved as ``pending`` and waits
    for a facilitator (also on an evening that approves entries at once).

    Raises
    ------
    NotFoundError, EveningClosedError
        The evening code is unknown or the evening is closed.
    PermissionDeniedError
        No contributor token.
    RateLimitError
        Too many additions in a short time by this token.
    """
    if not token:
        raise PermissionDeniedError(key="no_token")
    ev = join(store, evening_code)
    with store.transaction():  # the count and the route: both or neither
        if limiter is not None:
            limiter.hit(store, token)
        return store.add_route(record_from_route(name, route), actor=Actor.resident(token),
                               evening_id=ev["id"])


def listing(store: BaseStore, *, audience: str = "public",
            token: str | None = None) -> pd.DataFrame:
    """The saved routes, newest change first: ``id``, ``name``, ``n_stops``, ``km``,
    ``minutes``, ``status``, ``date`` (of the last change), ``by_residents`` (proposed at a
    theme evening), ``created_by``. The public sees only approved routes, and the routes that
    contributor ``token`` proposed."""
    df = store.routes()
    if audience == "public":
        df = df[(df["status"] == "approved") | ((df["created_by"] == token) & bool(token))]
    rows = []
    for rec in df.to_dict("records"):
        rec = {k: (None if schema.is_na(v) else v) for k, v in rec.items()}
        rows.append({"id": rec["id"], "name": rec["name"], "n_stops": len(stops_of(rec)),
                     "km": None if rec["total_m"] is None else round(rec["total_m"] / 1000, 2),
                     "minutes": None if rec["total_min"] is None else round(rec["total_min"]),
                     "status": rec["status"], "date": (rec["updated_at"] or "")[:10],
                     "by_residents": rec["evening_id"] is not None,
                     "updated_at": rec["updated_at"], "created_by": rec["created_by"]})
    out = pd.DataFrame(rows, columns=["id", "name", "n_stops", "km", "minutes", "status",
                                      "date", "by_residents", "updated_at", "created_by"])
    return out.sort_values("updated_at", ascending=False, kind="stable").reset_index(drop=True)


def summary_line(row: Mapping[str, Any], lang: str = "nl") -> str:
    """One line for ``assetmap routes``: name, stops, km, minutes, status, date (``lang``:
    ``nl`` with a decimal comma, or ``en``)."""
    km = "? km" if row["km"] is None else f"{row['km']:.2f} km"
    if lang != "en":
        km = km.replace(".", ",")
    mins = "? min" if row["minutes"] is None else routing.format_duration(row["minutes"], lang)
    words = STATUS_WORDS_EN if lang == "en" else STATUS_WORDS
    return (f"{row['name']} · {row['n_stops']} stops · {km} · {mins} · "
            f"{words.get(row['status'], row['status'])} · {row['date']}")


def to_json(store: BaseStore, *, audience: str = "facilitator") -> list[dict[str, Any]]:
    """The saved routes as JSON-ready dicts (``assetmap routes --json``): ``id``, ``name``,
    ``stops`` (count), ``km``, ``minutes``, ``status``, ``date``, and the plan: ``stop_ids``
    (layer and id in order), ``order_mode``, ``start_id``, ``end_id``, ``round_trip``,
    ``speed_kmh``, ``step_free``, ``dwell_min``, ``start_time``, ``created_at``,
    ``updated_at``."""
    full = {r["id"]: r for r in store.routes().to_dict("records")}
    out = []
    for row in listing(store, audience=audience).to_dict("records"):
        rec = {k: (None if schema.is_na(v) else v) for k, v in full[row["id"]].items()}
        out.append({
            "id": row["id"], "name": row["name"], "stops": row["n_stops"], "km": row["km"],
            "minutes": row["minutes"], "status": row["status"], "date": row["date"],
            "stop_ids": stops_of(rec), "order_mode": rec["order_mode"],
            "start_id": rec["start_id"], "end_id": rec["end_id"],
            "round_trip": bool(rec["round_trip"]), "speed_kmh": rec["speed_kmh"],
            "step_free": bool(rec["step_free"]), "dwell_min": rec["dwell_min"],
            "start_time": rec["start_time"], "created_at": rec["created_at"],
            "updated_at": rec["updated_at"]})
    return out


"""AVG (GDPR) duties of a project: access requests, erasure, re-confirmation of talents.

Personal data in a project (see README "Privacy"):

=====================  ==========================================  ==========================
field                  where it can appear                         who can see it
=====================  ==========================================  ==========================
talents.display_name   public map/prints/exports only when the     everyone if ``public``,
                       resident chose ``visibility = public``      else facilitators
talents.contact        moderation queue, inzage export, private    facilitators only
                       export (``--include-private``)
talents.consent_at/    same as contact                             facilitators only
consent_version
talents.geometry       reduced to the buurt point or a 100 m cell  as display_name
                       before storing: never a home location
created_by (token)     resident's own link; inzage export; audit   the resident (own link),
                                                                   facilitators
audit.token            audit log (no field values are logged)      facilitators
history                never a token, name, contact or point of a  as the map of that moment
                       talent (:mod:`assetmap.store.history`)
=====================  ==========================================  ==========================

A withdrawal or an erasure forgets the entry in the history and the audit log too: only that
something of that layer in that buurt was there and was removed stays (``BaseStore.forget``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import geopandas as gpd
import pandas as pd

from . import schema
from .errors import NotFoundError, PermissionDeniedError, ValidationError
from .store.base import Actor, BaseStore, is_resident_token

RECONFIRM_MONTHS = 12
LINK_PARAM = "mijn"  # the personal link: https://…/toevoegen?mijn=<token>


def token_from(text: str) -> str:
    """The resident's code from what a worker pasted: the code itself, or the whole personal
    link (``https://…/toevoegen?avond=K7M2QX&mijn=<token>``, with or without ``https://``,
    spaces or a line break in it). Returns ``""`` for empty input."""
    from urllib.parse import parse_qs, urlsplit

    s = "".join(str(text or "").split())  # a link broken over two lines in an e-mail
    if f"{LINK_PARAM}=" not in s:
        return s
    part = s if "?" in s or "#" in s else "?" + s
    split = urlsplit(part if "://" in part or part.startswith("?") else "//" + part)
    for query in (split.query, split.fragment.partition("?")[2], split.fragment):
        got = parse_qs(query).get(LINK_PARAM)
        if got and got[-1]:
            return got[-1]
    return s


def _require(actor: Actor) -> None:
    if not actor.facilitator:
        raise PermissionDeniedError(key="facilitator_only")


def _resident_token(token: str) -> str:
    """``token`` stripped, when it has the form of a resident's code.

    The system words that mark imported, OSM, demo or facilitator entries (``osm``,
    ``import``, ``demo``, ``opbouwwerker``…) are refused: an inzage or erasure "on request"
    with one of them would export or erase every such entry and purge it from every backup
    (issue 12). Removing imported data is a different action (Beheer).
    """
    token = (token or "").strip()
    if not token:
        raise NotFoundError(field="token", key="token_empty")
    if not is_resident_token(token):
        raise ValidationError(field="token", key="avg_not_resident_token")
    return token


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if hasattr(v, "wkt"):
        return v.wkt
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item"):
        return v.item()
    return v


def _entries_of(store: BaseStore, token: str) -> list[tuple[str, str]]:
    """(layer, id) of every entry (assets and wishes) and link (``links``) made with
    ``token``."""
    out: list[tuple[str, str]] = []
    for layer in schema.POINT_LAYERS:
        g = store.read(layer)
        out += [(layer, rid) for rid in g.loc[g["created_by"] == token, "id"]]
    links = store.links()
    out += [("links", rid) for rid in links.loc[links["created_by"] == token, "id"]]
    return out


def _routes_of(store: BaseStore, token: str) -> list[str]:
    """Ids of the wijksafari routes proposed with ``token`` (their name is the resident's text)."""
    r = store.routes()
    return r.loc[r["created_by"] == token, "id"].tolist()


def subject_access(store: BaseStore, token: str, *, actor: Actor) -> dict[str, Any]:
    """Everything tied to one contributor token (an inzageverzoek), as JSON-able data."""
    _require(actor)
    token = _resident_token(token)
    entries: dict[str, list[dict[str, Any]]] = {}
    for layer in schema.POINT_LAYERS:
        g = store.read(layer)
        mine = g[g["created_by"] == token]
        rows = []
        for rec in mine.to_dict("records"):
            geom = rec.pop("geometry", None)
            row = {k: _plain(v) for k, v in rec.items()}
            row["location_wkt_epsg4326"] = None if geom is None else geom.wkt
            rows.append(row)
        entries[layer] = rows
    links = store.links()
    entries["links"] = [{k: _plain(v) for k, v in r.items()}
                        for r in links[links["created_by"] == token].to_dict("records")]
    log = store.audit_log()
    log = log[log["token"] == token]
    return {
        "token": token,
        "made_at": schema.now_iso(),
        "entries": entries,
        "audit": [{k: _plain(v) for k, v in r.items()} for r in log.to_dict("records")],
        "routes": [{k: _plain(v) for k, v in r.items()} for r in
                   store.routes().to_dict("records") if r["created_by"] == token],
        "note": "Alle gegevens die dit project bewaart bij deze bijdragerscode.",
    }


def erase_contributor(store: BaseStore, token: str, *, actor: Actor) -> int:
    """Delete every entry of one contributor (hard delete, one transaction, backup first)."""
    _require(actor)
    token = _resident_token(token)
    targets = _entries_of(store, token)
    routes = _routes_of(store, token)
    if not targets and not routes:
        store.forget([], token=token)  # no entries left, but the token may be in the log
        _purge_backups(store, token)
        return 0
    store.backup(reason="verwijderen_op_verzoek")
    with store.transaction():
        for layer, rid in targets:
            _delete(store, layer, rid, actor)
        for rid in routes:
            store.delete_route(rid, actor=actor)
        store.forget(targets, token=token)
    _purge_backups(store, token)
    store.compact()  # no erased value left in the write-ahead log
    return len(targets) + len(routes)


def _delete(store: BaseStore, layer: str, rid: str, actor: Actor) -> None:
    """Delete an entry (its links go with it) or a link (unless it went with its entry)."""
    if layer != "links":
        store.delete(layer, rid, actor=actor)
    elif rid in set(store.links()["id"]):
        store.delete_link(rid, actor=actor)


def _purge_backups(store: BaseStore, token: str) -> int:
    """Remove the contributor's entries from every backup of the project too, so that no copy
    stays behind (the backup just made protected the erasure itself). Returns backups cleaned."""
    cleaned = 0
    for b in store.backups():
        with store.open_backup(b.id) as old:
            ids, routes = _entries_of(old, token), _routes_of(old, token)
            with old.transaction():
                for layer, rid in ids:
                    _delete(old, layer, rid, Actor.system("verwijderen_op_verzoek"))
                for rid in routes:
                    old.delete_route(rid, actor=Actor.system("verwijderen_op_verzoek"))
                old.forget(ids, token=token)  # its history and audit log too
            if ids or routes:
                old.compact(vacuum=True)
            cleaned += bool(ids or routes)
    return cleaned


def purge_from_backups(store: BaseStore, entries: list[tuple[str, str]]) -> int:
    """Remove single entries (``(layer, id)``) from every backup of the project, e.g. after a
    resident withdrew one: a restore must not bring it back (issue 12). Returns the number of
    backups that held one of them."""
    cleaned = 0
    actor = Actor.system("ingetrokken")
    for b in store.backups():
        with store.open_backup(b.id) as old:
            there = [(layer, rid) for layer, rid in entries if old.get(layer, rid) is not None]
            if not there:
                continue
            with old.transaction():
                for layer, rid in there:
                    old.delete(layer, rid, actor=actor)
                old.forget(there)
            old.compact(vacuum=True)
            cleaned += 1
    return cleaned


def stale_talents(store: BaseStore, *, months: int = RECONFIRM_MONTHS,
                  now: datetime | None = None) -> gpd.GeoDataFrame:
    """Talents not confirmed (changed) for ``months``: ask the resident again or remove them."""
    now = now or datetime.now(UTC)
    cutoff = (now - timedelta(days=round(months * 30.44))).strftime("%Y-%m-%dT%H:%M:%SZ")
    t = store.read("talents")
    return t[t["updated_at"].fillna("") < cutoff].reset_index(drop=True)


def reconfirm(store: BaseStore, record_id: str, *, actor: Actor) -> dict[str, Any]:
    """The resident confirmed the talent is still current: reset its 12-month clock."""
    _require(actor)
    return store.update("talents", record_id, {}, actor=actor)

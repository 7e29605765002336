"""Wie kan met wie: for every wish, the entries that could help, ranked and explained.

No model, only rules a worker can check by hand. For a wish and an entry (a talent, meeting
place, association or entrepreneur) the score adds up:

=====================  =====================================================================
shared words           :data:`W_WORD` per word (at most two) that the wish and the entry both
                       use: the same word, the same start (5 letters: *fiets*en /
                       *fiets*enmaker), or the same end (4 letters: moes*tuin* /
                       volks*tuin*). Stop words and buurt names do not count.
theme                  :data:`W_THEME` per word (at most two) of the wish's theme list
                       (:data:`THEME_WORDS`, B1 Dutch) in the entry's text. A wish's theme is
                       the one it was given; for ``overig``, every theme whose words its text
                       uses.
a place to meet        a meeting place: :data:`W_FREE` when free to use, :data:`W_ACCESSIBLE`
                       when wheelchair accessible.
money or space         an entrepreneur whose offers name sponsoring, geld, ruimte …
                       (:data:`assetmap.analysis.ties.RESOURCE_WORDS`): :data:`W_OFFERS`.
near                   up to :data:`W_NEAR`, falling linearly to 0 at :data:`WALK_M` metres.
=====================  =====================================================================

An entry is suggested only when it shares words or theme words with the wish, or is a meeting
place (free or accessible) or an entrepreneur with money or space within :data:`WALK_M`; never
farther than :data:`MAX_M`, never when it is already linked to the wish. Each suggestion
carries one sentence why (``why``), the distance (``distance_m``) and its ``score``.

Distances are walked along the project's streets (its ``network_walk`` or ``streets`` layer,
:mod:`assetmap.routing`) when it has them, else straight lines (:attr:`Suggestions.method`
says which, and every sentence says so).

Privacy: talents that are not public (``visibility = facilitators`` or not shared) are
suggested only with ``include_private=True`` (a logged-in facilitator, ``--include-private``)
and their sentence says to go through the worker. A suggestion never holds contact details:
only layer, id, name, why, distance and score.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from . import crs as crsmod
from . import schema
from .analysis.ties import has_resources
from .i18n import Table

W_WORD = 3.0
W_THEME = 2.0
W_FREE = 1.0
W_ACCESSIBLE = 0.5
W_OFFERS = 1.5
W_NEAR = 2.0
WALK_M = 1000.0
"""Walking distance: about 13 minutes. The bonus for being near is 0 from here on."""
MAX_M = 3000.0
"""Entries farther than this from a wish are never suggested."""
TOP = 5
"""Suggestions per wish by default."""

CANDIDATE_LAYERS = ("talents", "meeting_places", "associations", "entrepreneurs")

THEME_WORDS: dict[str, tuple[str, ...]] = {
    "groen": ("groen", "tuin", "natuur", "plant", "bloem", "boom", "bomen", "park", "bijen",
              "imker", "compost", "pluk", "zaai", "vijver", "dieren", "insect", "afval"),
    "ontmoeting": ("ontmoet", "koffie", "thee", "eten", "koken", "kook", "feest", "praat",
                   "gezellig", "eenzaam", "bankje", "terras", "soos", "inloop", "buurthuis",
                   "maaltijd"),
    "jeugd": ("jeugd", "jongeren", "jongere", "kind", "kinderen", "speel", "speeltuin",
              "school", "huiswerk", "voetbal", "tiener", "ouders", "sport"),
    "ouderen": ("ouderen", "oudere", "senior", "soos", "bezoek", "eenzaam", "mantelzorg",
                "boodschap", "rollator", "bingo"),
    "taal": ("taal", "nederlands", "lessen", "leren", "lezen", "voorlezen", "schrijven",
             "tolk", "bibliotheek", "arabisch", "turks", "computer", "digitaal", "huiswerk"),
    "gezondheid": ("gezond", "sport", "beweg", "wandel", "yoga", "fiets", "ehbo", "zorg",
                   "fit", "voeding", "volleybal", "voetbal"),
    "veiligheid": ("veilig", "preventie", "verlichting", "lamp", "verkeer", "oversteek",
                   "inbraak", "toezicht", "ehbo", "oogje"),
    "cultuur": ("cultuur", "muziek", "zing", "zang", "koor", "kunst", "theater", "dans",
                "verhaal", "verhalen", "geschiedenis", "foto", "film", "gitaar", "rap"),
    "werk": ("werk", "baan", "stage", "sollicit", "geld", "formulier", "toeslag",
             "administratie", "belasting", "schuld", "ondernem", "techniek"),
    "overig": (),
}
"""Per theme the words (or word starts and ends, at least 4 letters) that belong to it."""

STOP_WORDS = frozenset("""
de het een en van voor met op in aan bij te om er is zijn was we wij ik je jij jullie ze zij
die dat dit deze naar ook niet wel geen meer maar of als over uit tot door nog kan kunnen
willen wil graag moet moeten heel veel elke iedereen mensen buurt buurten wijk samen plek
buren buur bewoners bewoner
plekken weg hier daar waar wat wie hoe omdat zodat want dan toen nu al alle alles andere
ander iets niets goed mooi nieuw nieuwe oude groot grote klein kleine keer week dag jaar
the and for with our to of at by from this that are is be
""".split())

STOP_SUFFIXES = frozenset({"heid", "atie", "ties", "isch", "lijk", "baar", "erij", "ende",
                           "ster", "tjes", "ling"})
"""Word ends that many unrelated words share: never a shared word on their own."""

_SUFFIXES = ("ingen", "ing", "en", "es", "er", "s", "e")
_WORD = re.compile(r"[a-z]+")

WHY = Table("why_")
"""The words of the ``why`` sentences, per language (``why_…`` keys of the catalogue)."""


# --------------------------------------------------------------------------- words


def fold(text: Any) -> str:
    """Lower case without accents (``Café`` → ``cafe``); empty for a missing value."""
    if text is None or schema.is_na(text):
        return ""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return s.lower()


def words(text: Any, *, ignore: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` that can carry meaning: folded, 3 letters or more, no stop
    words, nothing in ``ignore`` (buurt names)."""
    skip = STOP_WORDS | set(ignore)
    return [w for w in _WORD.findall(fold(text)) if len(w) >= 3 and w not in skip]


def stem(word: str) -> str:
    """A rough Dutch stem: one plural or verb ending off, keeping 4 letters or more
    (``tuinieren`` → ``tuinier``, ``kinderen`` → ``kinder``)."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            return word[: -len(suf)]
    return word


def _keys(tokens: Iterable[str], *, side: str) -> dict[tuple[str, str], str]:
    """Match keys of words: two words match when their stems share a key (see the module
    docstring). ``side`` is ``"wish"`` or ``"entry"`` (a 4-letter stem matches the start of a
    longer stem on the other side). Returns key -> the word it came from (for the sentence)."""
    out: dict[tuple[str, str], str] = {}
    short, long_ = ("A", "B") if side == "wish" else ("B", "A")
    for t in tokens:
        s = stem(t)
        out.setdefault(("e", s), t)
        if len(s) < 4:
            continue
        if len(s) >= 5:
            out.setdefault(("p", s[:5]), t)
        if s[-4:] not in STOP_SUFFIXES:
            out.setdefault(("s", s[-4:]), t)
        if len(s) == 4:
            out.setdefault((short, s), t)
        else:
            out.setdefault((long_, s[:4]), t)
    return out


_THEME_INDEX: dict[str, set[str]] = {}
for _theme, _words in THEME_WORDS.items():
    for _w in _words:
        _THEME_INDEX.setdefault(_w, set()).add(_theme)


def theme_hits(tokens: Iterable[str]) -> dict[str, list[str]]:
    """Per theme the theme words found in ``tokens``: a token equal to a theme word, or
    starting or ending with one of 4 letters or more (``tuinieren``, ``moestuin``)."""
    out: dict[str, list[str]] = {}
    for t in tokens:
        found = set()
        if t in _THEME_INDEX:
            found.add(t)
        for k in range(4, len(t)):
            if t[:k] in _THEME_INDEX:
                found.add(t[:k])
            if t[-k:] in _THEME_INDEX:
                found.add(t[-k:])
        for w in found:
            for theme in _THEME_INDEX[w]:
                if w not in out.setdefault(theme, []):
                    out[theme].append(w)
    return out


def wish_themes(theme: str | None, tokens: Iterable[str]) -> list[str]:
    """The themes a wish is about: the theme it was given; for ``overig`` (or none), every
    theme whose words its text uses."""
    if theme and theme != "overig":
        return [theme]
    return list(theme_hits(tokens))


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Suggestion:
    """One entry that could help with a wish.

    Attributes
    ----------
    layer, id, name
        The entry (never a contact detail).
    why
        One sentence why, in the language asked for.
    distance_m
        Metres from the wish (along the streets, or straight; see
        :attr:`Suggestions.method`), whole metres.
    score
        The sum of the points in the module docstring (higher is better).
    private
        A talent that is not public (shown only to facilitators).
    """

    layer: str
    id: str
    name: str
    why: str
    distance_m: int | None
    score: float
    private: bool = False

    def to_json(self) -> dict[str, Any]:
        """``{"layer", "id", "name", "why", "distance_m", "score"}`` (the CLI contract)."""
        return {"layer": self.layer, "id": self.id, "name": self.name, "why": self.why,
                "distance_m": self.distance_m, "score": self.score}


@dataclass(frozen=True)
class WishSuggestions:
    """A wish and its suggestions, best first."""

    id: str
    name: str
    buurt_code: str | None
    theme: str | None
    kind: str | None
    suggestions: list[Suggestion]

    def to_json(self) -> dict[str, Any]:
        """``{"id", "name", "buurt_code", "suggestions": [...]}`` (the CLI contract)."""
        return {"id": self.id, "name": self.name, "buurt_code": self.buurt_code,
                "suggestions": [s.to_json() for s in self.suggestions]}


@dataclass(frozen=True)
class Suggestions:
    """Suggestions for every wish of a project.

    Attributes
    ----------
    wishes
        One :class:`WishSuggestions` per wish (in the order of the wishes).
    method
        ``network`` (distances along the streets) or ``straight`` (straight lines).
    pairs
        Every (wish id, :class:`Suggestion`) that passed the rules, not only the top ones:
        what :meth:`for_entry` reads.
    """

    wishes: list[WishSuggestions]
    method: str
    pairs: list[tuple[str, Suggestion]] = field(default_factory=list, repr=False)

    def for_wish(self, wish_id: str) -> WishSuggestions | None:
        return next((w for w in self.wishes if w.id == wish_id), None)

    def for_entry(self, layer: str, entry_id: str) -> list[tuple[WishSuggestions, Suggestion]]:
        """The reverse: the wishes an entry could serve, best first."""
        by_id = {w.id: w for w in self.wishes}
        hits = [(by_id[wid], s) for wid, s in self.pairs
                if s.layer == layer and s.id == entry_id and wid in by_id]
        return sorted(hits, key=lambda p: -p[1].score)


# --------------------------------------------------------------------------- suggesting


@dataclass
class _Entry:
    layer: str
    id: str
    name: str
    keys: dict[tuple[str, str], str]
    themes: dict[str, list[str]]
    private: bool
    free: bool
    accessible: bool
    offers: bool


_TEXT_FIELDS = {
    "talents": ("name", "description", "story", "gifts_head", "gifts_hand", "gifts_heart",
                "tags"),
    "meeting_places": ("name", "description", "story"),
    "associations": ("name", "description", "story", "activities"),
    "entrepreneurs": ("name", "description", "story", "sector", "offers"),
    "wishes": ("name", "description", "story"),
}


def _tokens(rec: Mapping[str, Any], layer: str, ignore: set[str]) -> list[str]:
    return [w for f in _TEXT_FIELDS[layer] for w in words(rec.get(f), ignore=ignore)]


def _is_private(rec: Mapping[str, Any]) -> bool:
    vis = rec.get("visibility")
    share = rec.get("wants_to_share")
    return (vis or "facilitators") != "public" or (share is not None and not schema.is_na(share)
                                                   and not bool(share))


def _entries(layers: Mapping[str, gpd.GeoDataFrame], *, include_private: bool,
             ignore: set[str]) -> tuple[list[_Entry], list[Any]]:
    entries, points = [], []
    for layer in CANDIDATE_LAYERS:
        g = layers.get(layer)
        if g is None or len(g) == 0:
            continue
        g = g.to_crs(4326)
        for rec, geom in zip(g.drop(columns=g.geometry.name).to_dict("records"), g.geometry,
                             strict=True):
            if geom is None or geom.is_empty:
                continue
            private = layer == "talents" and _is_private(rec)
            if private and not include_private:
                continue
            toks = _tokens(rec, layer, ignore)
            entries.append(_Entry(
                layer=layer, id=str(rec["id"]), name=str(rec.get("name") or ""),
                keys=_keys(toks, side="entry"), themes=theme_hits(toks),
                private=private, free=rec.get("free_to_use") is True,
                accessible=rec.get("accessible") is True,
                offers=layer == "entrepreneurs" and has_resources(rec)))
            points.append(geom)
    return entries, points


def format_distance(m: float | None, lang: str = "nl") -> str:
    """A distance as people say it: ``60 m``, ``170 m`` (tens), ``1,3 km`` (``1.3 km`` in
    English); empty when unknown."""
    if m is None or schema.is_na(m):
        return ""
    if m >= 1000:
        km = f"{m / 1000:.1f}"
        return f"{km.replace('.', ',') if lang == 'nl' else km} km"
    return f"{int(round(m, -1)) if m >= 100 else int(round(m))} m"


def _join(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {WHY[lang]['and']} " + parts[-1]


def _why(e: _Entry, shared: list[str], theme_words: list[tuple[str, str]],
         d: float | None, method: str, lang: str) -> str:
    t = WHY[lang]
    parts = []
    if shared:
        parts.append(t["words"].format(words=", ".join(f"'{w}'" for w in shared)))
    if theme_words:
        theme = theme_words[0][0]
        parts.append(t["theme"].format(
            theme=schema.theme_label(theme, lang).lower(),
            words=", ".join(w for _, w in theme_words)))
    if e.free:
        parts.append(t["free"])
    if e.accessible:
        parts.append(t["accessible"])
    if e.offers:
        parts.append(t["offers"])
    if d is not None:
        parts.append(t["walk" if method == "network" else "straight"].format(
            d=format_distance(d, lang)))
    sentence = f"{t['subject_' + e.layer]} {_join(parts, lang)}."
    if e.private:
        sentence += " " + t["private"]
    return sentence


def suggest(layers: Mapping[str, gpd.GeoDataFrame], wishes: gpd.GeoDataFrame, *,
            graph: Any = None, include_private: bool = False, top: int = TOP,
            linked: Iterable[tuple[str, str, str]] = (), ignore_words: Iterable[str] = (),
            lang: str = "nl") -> Suggestions:
    """Suggestions for every wish in ``wishes`` from the entries of ``layers``.

    Parameters
    ----------
    layers
        Layer name -> entries (give approved entries); talents, meeting places,
        associations and entrepreneurs are used.
    wishes
        The wishes to suggest for (EPSG:4326 or any CRS).
    graph
        A walking network (:func:`assetmap.routing.load_network`) for distances along the
        streets; ``None`` for straight lines.
    include_private
        Also talents that are not public (facilitators only).
    top
        Suggestions kept per wish.
    linked
        ``(wish id, layer, entry id)`` that are already linked: not suggested again.
    ignore_words
        Words that never count (the buurt names of the project).
    lang
        ``nl`` or ``en``: the language of the sentences.

    Returns
    -------
    Suggestions
    """
    lang = lang if lang in ("nl", "en") else "nl"
    ignore = {w for n in ignore_words for w in _WORD.findall(fold(n))}
    entries, points = _entries(layers, include_private=include_private, ignore=ignore)
    w = wishes.to_crs(4326) if len(wishes) else wishes
    w = w[~(w.geometry.isna() | w.geometry.is_empty)] if len(w) else w
    dist, method = distances(list(w.geometry) if len(w) else [], points, graph=graph)
    done = set(linked)
    out: list[WishSuggestions] = []
    pairs: list[tuple[str, Suggestion]] = []
    recs = w.drop(columns=w.geometry.name).to_dict("records") if len(w) else []
    for i, rec in enumerate(recs):
        toks = _tokens(rec, "wishes", ignore)
        wkeys = _keys(toks, side="wish")
        themes = wish_themes(rec.get("theme"), toks)
        found: list[Suggestion] = []
        for j, e in enumerate(entries):
            if (rec["id"], e.layer, e.id) in done:
                continue
            d = float(dist[i, j]) if dist.size else None
            if d is not None and d > MAX_M:
                continue
            common = wkeys.keys() & e.keys.keys()
            shared = sorted({e.keys[k] for k in common},
                            key=lambda w: (min(toks.index(wkeys[k]) for k in common
                                               if e.keys[k] == w), w))[:2]
            theme_words: list[tuple[str, str]] = []
            for th in themes:
                for kw in e.themes.get(th, []):
                    if kw not in (w for _, w in theme_words) and \
                            not any(kw in w for w in shared):
                        theme_words.append((th, kw))
            theme_words = theme_words[:2]
            near = 0.0 if d is None else max(0.0, 1.0 - d / WALK_M)
            relevant = bool(shared or theme_words)
            useful = (e.layer == "meeting_places" and (e.free or e.accessible)
                      or e.offers) and (d is None or d <= WALK_M)
            if not (relevant or useful):
                continue
            score = (W_WORD * len(shared) + W_THEME * len(theme_words)
                     + (W_FREE if e.free else 0.0) + (W_ACCESSIBLE if e.accessible else 0.0)
                     + (W_OFFERS if e.offers else 0.0) + W_NEAR * near)
            found.append(Suggestion(
                layer=e.layer, id=e.id, name=e.name,
                why=_why(e, shared, theme_words, d, method, lang),
                distance_m=None if d is None else int(round(d)), score=round(score, 2),
                private=e.private))
        found.sort(key=lambda s: (-s.score, math.inf if s.distance_m is None
                                  else s.distance_m, s.name))
        pairs += [(str(rec["id"]), s) for s in found]
        buurt = rec.get("buurt_code")
        out.append(WishSuggestions(
            id=str(rec["id"]), name=str(rec.get("name") or ""),
            buurt_code=None if buurt is None or schema.is_na(buurt) else str(buurt),
            theme=rec.get("theme"), kind=rec.get("kind"), suggestions=found[:top]))
    return Suggestions(wishes=out, method=method, pairs=pairs)


# --------------------------------------------------------------------------- distances


def distances(sources: Sequence[Any], targets: Sequence[Any], *, graph: Any = None
              ) -> tuple[np.ndarray, str]:
    """Metres from each source to each target point (lon/lat), ``len(sources) x len(targets)``.

    Along the walking ``graph`` when given (points hang on the nearest street; a pair the
    network does not join gets the straight distance), else straight lines in the working CRS.
    Returns the matrix and ``"network"`` or ``"straight"``.
    """
    if not len(sources) or not len(targets):
        return np.zeros((len(sources), len(targets))), "network" if graph is not None \
            else "straight"
    pts = gpd.GeoSeries([*sources, *targets], crs=4326)
    if graph is None or graph.number_of_edges() == 0:
        w = pts.to_crs(crsmod.working_crs(pts))
        xy = np.column_stack([w.x.to_numpy(), w.y.to_numpy()])
        a, b = xy[: len(sources)], xy[len(sources):]
        return np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1]), \
            "straight"
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    from . import routing

    w = pts.to_crs(routing.graph_crs(graph))
    snapped, nodes = routing.snap_stops(graph, list(w), [""] * len(w), max_snap_m=math.inf)
    order = list(snapped.nodes())
    index = {n: k for k, n in enumerate(order)}
    rows, cols, wts = [], [], []
    for u, v, d in snapped.edges(data="length"):
        rows.append(index[u])
        cols.append(index[v])
        wts.append(max(float(d), 1e-9))
    m = coo_matrix((wts, (rows, cols)), shape=(len(order), len(order))).tocsr()
    src = [index[n] for n in nodes[: len(sources)]]
    dst = [index[n] for n in nodes[len(sources):]]
    d = dijkstra(m, directed=False, indices=src)[:, dst]
    xy = np.column_stack([w.x.to_numpy(), w.y.to_numpy()])
    a, b = xy[: len(sources)], xy[len(sources):]
    straight = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
    return np.where(np.isfinite(d), d, straight), "network"


# --------------------------------------------------------------------------- a project


def project_graph(store: Any) -> Any:
    """The project's walking network (``network_walk`` or ``streets``), or ``None``."""
    from . import routing
    from .errors import AssetMapError
    from .io import osm

    lines = osm.project_network_lines(store)
    if lines is None:
        return None
    try:
        return routing.load_network(lines)
    except AssetMapError:
        return None


def suggest_store(store: Any, *, include_private: bool = False, top: int = TOP,
                  lang: str = "nl", graph: Any = "project") -> Suggestions:
    """:func:`suggest` on a project: its approved wishes and approved entries.

    ``graph="project"`` walks along the project's streets when it has them; ``None`` gives
    straight lines. Pairs already linked (a link that is not hidden) are left out.
    """
    layers = {layer: store.read(layer, status="approved") for layer in CANDIDATE_LAYERS}
    wishes = store.read(schema.WISHES, status="approved")
    if isinstance(graph, str) and graph == "project":
        graph = project_graph(store) if len(wishes) else None
    links = store.links(status=("approved", "pending"))
    buurten = store.buurten()
    return suggest(layers, wishes, graph=graph, include_private=include_private, top=top,
                   linked=linked_pairs(links), lang=lang,
                   ignore_words=list(buurten["name"].dropna()) if len(buurten) else [])


def linked_pairs(links: pd.DataFrame) -> set[tuple[str, str, str]]:
    """``(wish id, layer, entry id)`` of every link that joins a wish with an entry."""
    out: set[tuple[str, str, str]] = set()
    for rec in links.to_dict("records"):
        if rec["to_layer"] == schema.WISHES:
            out.add((rec["to_id"], rec["from_layer"], rec["from_id"]))
        if rec["from_layer"] == schema.WISHES and rec["to_layer"] != schema.INSTITUTION:
            out.add((rec["from_id"], rec["to_layer"], rec["to_id"]))
    return out


def link_for(wish_id: str, layer: str, entry_id: str, *, note: str | None = None
             ) -> dict[str, Any]:
    """The link that accepting a suggestion makes: a talent, association or entrepreneur
    ``helps_with`` the wish; the wish ``meets_at`` a meeting place."""
    if layer == "meeting_places":
        return {"from_layer": schema.WISHES, "from_id": wish_id, "to_layer": layer,
                "to_id": entry_id, "kind": "meets_at", "note": note}
    return {"from_layer": layer, "from_id": entry_id, "to_layer": schema.WISHES,
            "to_id": wish_id, "kind": "helps_with", "note": note}


def connect_json(store: Any, *, include_private: bool = False, lang: str = "nl",
                 top: int = TOP) -> dict[str, Any]:
    """What ``assetmap connect`` writes: ``{"wishes": [...], "ties": [...]}``.

    ``wishes``: every approved wish with ``id``, ``name``, ``buurt_code`` and its
    ``suggestions`` (``layer``, ``id``, ``name``, ``why``, ``distance_m``, ``score``);
    ``ties``: per buurt the ``bonding``, ``bridging`` and ``linking`` ties.
    """
    from .analysis.ties import ties_of_store

    sugg = suggest_store(store, include_private=include_private, top=top, lang=lang)
    return {"wishes": [w.to_json() for w in sugg.wishes],
            "ties": ties_of_store(store).rows()}

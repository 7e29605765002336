"""``assetmap`` on the command line: thin subcommands over the package.

User errors (a missing file, bad arguments, invalid data) print one line on stderr and exit with
code 2; unexpected failures print one line and exit with code 1 (``--debug`` shows the
traceback). Never a traceback for a user error.

Every ``cmd_*`` function takes the parsed arguments of its subcommand (see
:func:`build_parser`) and returns the exit code. Heavy modules are imported inside the command
that needs them, so ``assetmap --help`` stays quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__
from .config import DEFAULT_EPS_M, DEFAULT_MIN_SAMPLES, DEFAULT_THRESHOLD_M
from .errors import AssetMapError, ValidationError
from .privacy import MIN_COUNT

if TYPE_CHECKING:
    from .io._common import ImportReport
    from .store.base import BaseStore

EXIT_USER = 2
EXIT_FAILURE = 1


class _UserArgError(Exception):
    """Bad arguments: reported as one line with exit code 2."""


# argparse's own words, in Dutch (the rest of the message names options and values)
_ARGPARSE_NL = (
    ("the following arguments are required", "deze opties zijn verplicht"),
    ("unrecognized arguments", "onbekende opties"),
    ("invalid choice", "ongeldige keuze"),
    ("(choose from", "(kies uit"),
    ("expected one argument", "verwacht een waarde"),
    ("not a valid number", "geen geldig getal"),
    ("must be greater than 0", "moet groter zijn dan 0"),
    ("invalid", "ongeldig"),
    ("argument ", "optie "),
)


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line with exit code 2 (argparse's English;
    :func:`main` says them in Dutch unless the command line asks for ``--lang en``)."""

    def error(self, message: str) -> NoReturn:  # one line, exit 2
        raise _UserArgError(f"{self.prog}: {message}")


def _argparse_words(message: str, lang: str) -> str:
    """argparse's own words of ``message`` in ``lang`` (Dutch unless ``lang`` is ``en``)."""
    if lang == "en":
        return message
    for en, nl in _ARGPARSE_NL:
        message = message.replace(en, nl)
    return message


def _argv_lang(argv: Sequence[str]) -> str:
    """The language of the messages before the arguments are parsed: ``--lang`` on the command
    line, else ``ASSETMAP_LANG`` (:mod:`assetmap.config`), else Dutch."""
    for k, a in enumerate(argv):
        value = argv[k + 1] if a == "--lang" and k + 1 < len(argv) else \
            a.split("=", 1)[1] if a.startswith("--lang=") else None
        if value in ("nl", "en"):
            return value
    return _env_lang()


def _env_lang() -> str:
    """``ASSETMAP_LANG`` (``nl`` or ``en``): the language of a command without ``--lang``."""
    from .config import Config

    return Config.from_env().lang


def _open(project: str) -> BaseStore:
    """The project at ``project`` (a ``.gpkg`` path or a ``postgresql://`` URL)."""
    from .store import open_store

    return open_store(project)


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo project.

    Parameters
    ----------
    args
        ``out`` (the new ``.gpkg``) and ``overwrite``.

    Returns
    -------
    int
        The exit code: 0.
    """
    from .demo import write_demo
    from .store.transfer import backup_before_overwrite

    made = backup_before_overwrite(args.out) if args.overwrite else None
    if made is not None:
        print(_say(args, "cmd_demo_backup", path=made.path or made.name))
    p = write_demo(args.out, overwrite=args.overwrite)
    print(_say(args, "cmd_demo_written", path=p))
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """Print the entries per layer and buurt, the evenings and what waits for approval.

    Parameters
    ----------
    args
        ``project``.

    Returns
    -------
    int
        The exit code: 0.
    """
    import pandas as pd

    from . import schema

    with _open(args.project) as store:
        counts = store.counts()
        b = store.buurten()
        ev = store.evenings()
        pending = sum(len(store.read(layer, status="pending")) for layer in schema.POINT_LAYERS)
        links = store.links()
    lang = _lang(args)
    labels = {layer: schema.LAYERS[layer].label(lang) for layer in schema.POINT_LAYERS}
    table = counts.rename(columns=labels)
    total = pd.DataFrame([[_say(args, "cmd_info_total"), *table.iloc[:, 1:].sum().tolist()]],
                         columns=table.columns, index=[""])
    table = pd.concat([table, total])
    from .store.postgis import redact

    shown = redact(args.project) if "://" in str(args.project) else args.project
    print(_say(args, "cmd_info_project", project=shown))
    print(_say(args, "cmd_info_counts", buurten=len(b), evenings=len(ev), pending=pending))
    waiting = int((links["status"] == "pending").sum())
    approved = int((links["status"] == "approved").sum())
    print(_say(args, "cmd_info_links_waiting", approved=approved, waiting=waiting) if waiting
          else _say(args, "cmd_info_links", approved=approved))
    print()
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export layers (public by default) as GeoPackage, GeoJSON, CSV, XLSX or KML.

    Parameters
    ----------
    args
        ``project``, ``format``, ``out``, ``layer`` (comma-separated, optional) and
        ``include_private``.

    Returns
    -------
    int
        The exit code: 0.
    """
    from .io.export import export

    layers = args.layer.split(",") if args.layer else None
    with _open(args.project) as store:
        paths = export(store, args.format, args.out, layers=layers,
                       csv_dialect=args.csv_dialect,
                       include_private=args.include_private)
    for p in paths:
        print(_say(args, "cmd_export_written", path=p))
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    """Write the public map as one HTML file that works offline.

    Parameters
    ----------
    args
        ``project``, ``out``, ``no_tiles`` and ``lang``.

    Returns
    -------
    int
        The exit code: 0.
    """
    from . import webmap

    with _open(args.project) as store:
        m = webmap.project_map(store, assets="inline", tiles=not args.no_tiles, lang=args.lang)
        html = webmap.to_html(m)
    out = Path(args.out)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    print(_say(args, "cli_map_written", path=out, kb=len(html.encode("utf-8")) // 1024))
    return 0


def cmd_hash_password(args: argparse.Namespace) -> int:
    """Print the hash of a facilitator password (asked twice on a terminal, else read from
    standard input), for ``ASSETMAP_FACILITATOR_PASSWORD_HASH``.

    Parameters
    ----------
    args
        No options.

    Returns
    -------
    int
        The exit code: 0.
    """
    import getpass

    from .auth import hash_password

    if sys.stdin.isatty():
        pw = getpass.getpass(_say(args, "cmd_pw_prompt") + " ")
        if getpass.getpass(_say(args, "cmd_pw_again") + " ") != pw:
            raise AssetMapError(key="cmd_pw_differ")
    else:
        pw = sys.stdin.readline().rstrip("\n")
    if len(pw) < 8:
        raise AssetMapError(key="cmd_pw_short", params={"n": 8})
    print(hash_password(pw))
    return 0


def cmd_analyse(args: argparse.Namespace) -> int:
    """Write the gaps, clusters and voices heard per buurt as JSON or CSV.

    Parameters
    ----------
    args
        ``project``, ``out`` (``.json`` or ``.csv``), ``threshold``, ``eps``, ``min_samples``,
        ``network`` (``project`` or a file; default straight lines) and ``include_private``.

    Returns
    -------
    int
        The exit code: 0.
    """
    import json

    from .analysis import analyse_store, voices
    from .analysis.report import VOICE_HEADERS, dutch_headers, report_dict, report_frame
    from .analysis.report import sentences as report_sentences
    from .errors import ValidationError
    from .io.csvdialect import write_csv
    from .io.export import neutralise

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("json", "csv"):
        raise ValidationError(field="out", key="cli_out_json_csv")
    with _open(args.project) as store:
        graph = None
        if args.network:
            from . import routing

            same = args.network != "project" and \
                Path(args.network).resolve() == Path(str(args.project)).resolve()
            # the open project itself is read through the store, never a second time by GDAL
            graph = routing.load_network(
                store if args.network == "project" or same else args.network)
        result = analyse_store(store, threshold_m=args.threshold, eps_m=args.eps,
                               min_samples=args.min_samples, graph=graph)
        from .analysis import ties

        tie_result = ties.ties_of_store(store)
        heard = voices.report_rows(voices.voices_store(store),
                                   include_private=args.include_private)
    tmp = out.with_name(f".{out.name}.tmp")
    if fmt == "json":
        data = report_dict(result, include_private=args.include_private)
        # keys added next to the existing ones: the Putnam lens, who has been heard
        data["ties"] = tie_result.rows()
        data["ties_rules"] = dict(ties.RULES.get(args.lang, ties.RULES["nl"]))
        data["ties_sentences"] = ties.sentences(tie_result, args.lang)
        data["sentences"] = report_sentences(result, lang=args.lang)
        data["voices"] = heard
        text = json.dumps(data, ensure_ascii=False, indent=2)
        tmp.write_text(text + "\n", encoding="utf-8")
    else:
        df = report_frame(result, include_private=args.include_private)
        counts = tie_result.table.reindex(df["code"].astype(str))
        for tie in ties.TIES:
            df[tie] = counts[tie].fillna(0).astype(int).to_numpy()
        df = voices.with_report_columns(df, heard)
        for c in ("code", "name"):
            df[c] = df[c].map(neutralise)
        write_csv(df, tmp, dialect=args.csv_dialect,
                  headers=dutch_headers(result.gaps.layers) | VOICE_HEADERS)
    os.replace(tmp, out)
    print(_say(args, "cli_analyse_written", path=out, n=len(result.gaps.table),
               k=result.clusters.n_clusters))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare the map at two moments and write what changed as JSON or CSV.

    Parameters
    ----------
    args
        ``project``, ``when_from``, ``when_to`` (each a date ``2026-03-12`` = the end of that
        day in Dutch time, an ISO timestamp, or an evening's join code), ``out`` (``.json`` or
        ``.csv``), ``include_private`` and ``lang``.

    Returns
    -------
    int
        The exit code: 0.
    """
    import json

    from .analysis import history
    from .io.csvdialect import write_csv
    from .io.export import neutralise

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("json", "csv"):
        raise ValidationError(field="out", key="cli_out_json_csv")
    with _open(args.project) as store:
        comp = history.compare_store(store, args.when_from, args.when_to,
                                     include_private=args.include_private)
    tmp = out.with_name(f".{out.name}.tmp")
    if fmt == "json":
        tmp.write_text(json.dumps(comp.to_dict(), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
    else:
        df = comp.to_frame()
        df["buurt_code"] = df["buurt_code"].map(neutralise)
        write_csv(df, tmp, dialect=args.csv_dialect, headers=history.COMPARE_HEADERS,
                  values=history.COMPARE_VALUES)
    os.replace(tmp, out)
    for line in history.sentences(comp, lang=args.lang):
        print(line)
    print(_say(args, "cmd_compare_written", path=out, start=comp.before.iso,
               end=comp.after.iso, added=len(comp.added), removed=len(comp.removed),
               changed=len(comp.changed)))
    return 0


def _lang(args: argparse.Namespace) -> str:
    """The command's ``--lang``; for a command without it ``ASSETMAP_LANG`` (default Dutch)."""
    return getattr(args, "lang", None) or _env_lang()


def _say(args: argparse.Namespace, key: str, **params: object) -> str:
    """A line for people in the command's language (see :func:`_lang`)."""
    from . import i18n

    return i18n.text(key, _lang(args), **params)


def _positive(kind: type) -> Callable[[str], Any]:
    """An argparse ``type`` that accepts a finite number of ``kind`` greater than 0."""

    def parse(text: str) -> object:
        try:
            v = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a valid number: {text!r}") from None
        if not v > 0 or v != v or v == float("inf"):
            raise argparse.ArgumentTypeError(f"must be greater than 0: {text!r}")
        return v

    parse.__name__ = kind.__name__
    return parse


def cmd_route(args: argparse.Namespace) -> int:
    """Plan a wijksafari along the chosen places (or reopen a saved route) and print it;
    optionally write GPX, JSON, a route card, an offline HTML map, and save the route.

    Parameters
    ----------
    args
        ``project``, ``stops`` (comma-separated ids), ``start``, ``end``, ``network``
        (``project``, ``online`` or a file), ``speed``, ``accessible``, ``dwell``,
        ``start_time``, ``manual``, ``include_pending``, ``gpx``, ``json``, ``card``,
        ``title``, ``save_network``, ``open`` (a saved route to reopen), ``save`` (a name to
        save the route under), ``map`` (an HTML file) and ``map_tiles``.

    Returns
    -------
    int
        The exit code: 0.
    """
    from . import routing
    from .store import Actor

    saved = None
    with _open(args.project) as store:
        # a route card and GPX are handed out: only approved places, unless asked otherwise
        candidates = routing.stop_candidates(
            store, audience="facilitator" if args.include_pending else "public")
        if args.open:
            saved, stops, start, end, opts = _saved_plan(args, store, candidates)
        else:
            stops, start, end, opts = _given_plan(args, candidates)
        network = _route_network(args, store)
        # what a route card or HTML map draws under the route
        buurten, streets = (store.buurten(), store.streets()) if args.card or args.map \
            else (None, None)
    route = routing.plan_route(network, stops, start=start, end=end, **opts)
    lang = args.lang
    if route.straight_lines:
        print(_say(args, "cli_route_straight"), file=sys.stderr)
    for k, s in enumerate(route.stops, start=1):
        when = f"{s.arrive:%H:%M} " if s.arrive else (f"{s.depart:%H:%M} " if s.depart else "")
        print(f"{k:2d}. {when}{s.name}")
    km = f"{route.total_m / 1000:.2f}"
    kmh = f"{route.speed_kmh:g}"
    if lang == "nl":
        km, kmh = km.replace(".", ","), kmh.replace(".", ",")
    print(_say(args, "cli_route_total", km=km, walk=routing.format_duration(route.walk_min, lang),
               total=routing.format_duration(route.total_min, lang), kmh=kmh))
    if route.step_free:
        print(_say(args, "cli_route_step_free", note=route.accessibility_note(lang)))
    title = args.title or (saved["name"] if saved else None) or args.save or \
        _say(args, "cli_route_title")
    if args.gpx:
        _write_text(args.gpx, route.to_gpx(name=title, lang=lang))
        print(_say(args, "cli_written", what="GPX", path=args.gpx))
    if args.json:
        import json

        _write_text(args.json, json.dumps(route.to_json(), ensure_ascii=False, indent=2))
        print(_say(args, "cli_written", what="JSON", path=args.json))
    if args.card:
        try:
            from .printing import route_card
        except ImportError:
            from .errors import RoutingError

            raise RoutingError(key="cmd_no_printing") from None
        route_card(route, args.card, title=title, streets=streets, buurten=buurten, lang=lang)
        print(_say(args, "cli_written", what=_say(args, "cli_route_card"), path=args.card))
    if args.map:
        from .webmap.route_page import route_html

        html = route_html(route, title=title, buurten=buurten, streets=streets,
                          tiles=args.map_tiles, lang=lang)
        _write_text(args.map, html)
        print(_say(args, "cli_route_map_written", path=args.map,
                   kb=len(html.encode("utf-8")) // 1024))
    if args.save:
        from . import saved_routes

        with _open(args.project) as store:
            old = store.route_named(args.save)
            rec = saved_routes.save(store, args.save, route, actor=Actor.system("cli"),
                                    replace=old)
        print(_say(args, "cmd_route_updated" if old else "cmd_route_saved", name=rec["name"]))
    return 0


def _given_plan(args: argparse.Namespace, candidates: Any) -> tuple[list, Any, Any, dict]:
    """Stops, start, end and planning options from ``--stops``, ``--start``, ``--end`` and the
    option flags."""
    from . import routing

    if not args.stops:
        raise ValidationError(field="stops", key="cli_no_stops")
    ids = [i for i in args.stops.split(",") if i.strip()]
    first = [args.start] if args.start else []
    last = [args.end] if args.end else []
    stops = routing.stops_from_ids(candidates, [*first, *ids, *last])
    start = stops[0].id if args.start else None
    end = stops[-1].id if args.end else None
    speed = routing.SPEED_ACCESSIBLE_KMH if args.accessible and args.speed is None \
        else (args.speed or routing.SPEED_KMH)
    opts = {"method": "manual" if args.manual else "optimal", "speed_kmh": speed,
            "dwell_min": routing.DWELL_MIN if args.dwell is None else args.dwell,
            "start_time": routing.parse_start_time(args.start_time),
            "step_free": args.step_free}
    return stops, start, end, opts


def _saved_plan(args: argparse.Namespace, store: BaseStore, candidates: Any
                ) -> tuple[dict, list, Any, Any, dict]:
    """The saved route ``--open NAME``: its stops that still exist (a note on stderr for the
    others), start, end and options; option flags given on the command line win."""
    from . import routing, saved_routes
    from .errors import RoutingError

    if args.stops or args.start or args.end:
        raise ValidationError(field="stops", key="cli_open_and_stops")
    saved = saved_routes.find(store, args.open)
    found = saved_routes.resolve(store, saved, audience="facilitator" if args.include_pending
                                 else "public", candidates=candidates)
    note = found.note(_lang(args))
    if note:
        print(_say(args, "cmd_note", note=note), file=sys.stderr)
    if len(found.stops) < 2:
        raise RoutingError(key="cmd_route_few_stops", params={"name": saved["name"]})
    opts = saved_routes.plan_options(saved)
    if args.speed is not None or args.accessible:
        opts["speed_kmh"] = args.speed or routing.SPEED_ACCESSIBLE_KMH
    if args.dwell is not None:
        opts["dwell_min"] = args.dwell
    if args.start_time:
        opts["start_time"] = routing.parse_start_time(args.start_time)
    if args.step_free:
        opts["step_free"] = True
    if args.manual:
        opts["method"] = "manual"
    return saved, found.stops, found.start, found.end, opts


def _route_network(args: argparse.Namespace, store: BaseStore) -> Any:
    """The walking graph ``--network`` asks for (``None``: straight lines); ``--save-network``
    keeps it in the project."""
    from . import routing
    from .errors import RoutingError
    from .io import osm

    network = None
    if args.network in (None, "project"):
        lines = osm.project_network_lines(store)
        if lines is None and args.network == "project":
            raise RoutingError(key="cli_no_network")
        network = routing.load_network(lines) if lines is not None else None
    elif args.network == "online":
        area = store.buurten()
        if len(area) == 0:
            raise RoutingError(key="cmd_online_no_buurten")
        lines = osm.download_walk_lines(area.to_crs(4326).union_all().envelope.buffer(0.003))
        network = routing.load_network(lines)
    elif Path(args.network).resolve() == Path(str(args.project)).resolve():
        lines = osm.project_network_lines(store)  # the open project itself
        network = routing.load_network(lines) if lines is not None else None
    else:
        lines = osm.read_walk_lines(args.network)
        network = routing.load_network(lines)
    if args.save_network and network is not None:
        n = osm.save_network(store, lines)
        print(_say(args, "cmd_network_saved", n=n, layer=osm.NETWORK_LAYER))
    return network


def cmd_routes(args: argparse.Namespace) -> int:
    """List the saved routes of a project: one line each (name, stops, km, minutes, status,
    date), or JSON with ``--json``.

    Parameters
    ----------
    args
        ``project`` and ``json``.

    Returns
    -------
    int
        The exit code: 0.
    """
    import json

    from . import saved_routes

    with _open(args.project) as store:
        if args.json:
            print(json.dumps(saved_routes.to_json(store), ensure_ascii=False, indent=2))
            return 0
        rows = saved_routes.listing(store, audience="facilitator")
    if rows.empty:
        print(_say(args, "cmd_no_routes"))
    for row in rows.to_dict("records"):
        print(saved_routes.summary_line(row, _lang(args)))
    return 0


def _write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` in one step (a temporary file moved into place)."""
    out = Path(path)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)


def cmd_print(args: argparse.Namespace) -> int:
    """Print a map of the project on A4 or A3 (PDF or PNG).

    Parameters
    ----------
    args
        ``project``, ``out``, ``paper``, ``orientation``, ``buurt``, ``layers``, ``title``,
        ``qr`` and ``dpi``; ``worksheet`` (with ``evening`` and ``grid``) prints a worksheet.

    Returns
    -------
    int
        The exit code: 0.
    """
    from .printing import check_print_args, print_project

    if args.worksheet:
        return _print_worksheet(args)
    if args.evening or args.grid:
        raise ValidationError(key="cli_worksheet_only")
    layers = [x for v in (args.layers or []) for x in v.split(",") if x] or None
    orientation = args.orientation or "portrait"
    check_print_args(args.out, paper=args.paper, orientation=orientation, layers=layers)
    with _open(args.project) as store:
        out = print_project(store, args.out, paper=args.paper, orientation=orientation,
                            buurt=args.buurt, layers=layers, title=args.title,
                            qr_url=args.qr, dpi=args.dpi, lang=args.lang)
    print(_say(args, "cli_written", what=_say(args, "cli_print"), path=out))
    return 0


def _print_worksheet(args: argparse.Namespace) -> int:
    """``print --worksheet``: the worksheet with the project's grid (kept with the project),
    the evening's QR code (``--evening`` or the open evening; the app's address from ``--qr``
    or ``ASSETMAP_PUBLIC_URL``) and, with ``--grid``, the grid's cells as GeoJSON."""
    from . import i18n
    from .config import Config
    from .paper_grid import project_grid, write_cells
    from .printing import check_print_args
    from .printing.worksheet import find_evening, worksheet

    if args.buurt or args.layers:
        raise ValidationError(key="cli_worksheet_whole")
    check_print_args(args.out, paper=args.paper, orientation=args.orientation or "portrait")
    base = args.qr or Config.from_env().public_url
    with _open(args.project) as store:
        ev = find_evening(store, args.evening)
        grid, note = project_grid(store)
        out = worksheet(store, args.out, paper=args.paper, orientation=args.orientation,
                        evening_code=ev["join_code"] if ev else None, base_url=base,
                        title=args.title, grid=grid, dpi=args.dpi, lang=args.lang)
        if args.grid:
            write_cells(grid.cells(), args.grid)
    print(_say(args, "cmd_worksheet_written", path=out, cols=grid.cols, rows=grid.rows,
               size=grid.size_label(_lang(args))))
    if note:
        print(i18n.say(note, _lang(args)))
    if ev is not None and not base:
        print(_say(args, "cmd_worksheet_no_qr", code=ev["join_code"]))
    if args.grid:
        print(_say(args, "cmd_grid_written", path=args.grid))
    return 0


def _print_report(report: ImportReport, lang: str = "nl") -> None:
    """Print an import report (in ``lang``) and where its backup went."""
    from . import i18n

    for line in report.lines(lang):
        print(line)
    if report.backup is not None:
        print(i18n.text("imp_backup", lang, backup=report.backup))


def _not_the_project(args: argparse.Namespace) -> None:
    """An input file must not be the open project itself (GDAL would open it a second time)."""
    if "://" not in str(args.project) and \
            Path(args.file).resolve() == Path(str(args.project)).resolve():
        raise ValidationError(field="file", key="cli_import_self")


def cmd_import_buurten(args: argparse.Namespace) -> int:
    """Make the buurten of a CBS file the project's buurten (the project is made if needed).

    Parameters
    ----------
    args
        ``project``, ``file``, ``gemeente``, ``wijk`` and ``jaar`` (the CBS year).

    Returns
    -------
    int
        The exit code: 0.
    """
    _not_the_project(args)
    from . import schema
    from .io._common import ImportReport
    from .io.cbs import read_buurten, set_buurten
    from .store import open_store

    report = ImportReport()
    gdf = read_buurten(args.file, gemeente=args.gemeente, wijk=args.wijk, notes=report.notes,
                       year=args.jaar)
    schema.validate_buurten(gdf)  # before a new project file is made
    with open_store(args.project, create=not Path(args.project).exists()) as store:
        report = set_buurten(store, gdf, report=report)
    _print_report(report, args.lang)
    return 0


def cmd_import_osm(args: argparse.Namespace) -> int:
    """Import places from an OpenStreetMap file.

    Parameters
    ----------
    args
        ``project`` and ``file``.

    Returns
    -------
    int
        The exit code: 0.
    """
    _not_the_project(args)
    from .io.osm_assets import import_osm

    with _open(args.project) as store:
        report = import_osm(store, args.file)
    _print_report(report, args.lang)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import places from a spreadsheet (CSV, XLSX, JSON) into one layer.

    Parameters
    ----------
    args
        ``project``, ``file``, ``layer``, ``mapping`` and ``offline``.

    Returns
    -------
    int
        The exit code: 0, or 2 when nothing could be imported.
    """
    _not_the_project(args)
    from .io import pdok
    from .io.tabular import import_table

    geocoder = None if args.offline else pdok.geocoder()
    with _open(args.project) as store:
        report = import_table(store, args.file, args.layer, mapping=args.mapping,
                              geocoder=geocoder)
    _print_report(report, args.lang)
    if report.imported == 0 and report.duplicates == 0:
        print(f"{_say(args, 'cli_error')}: {_say(args, 'imp_nothing')}", file=sys.stderr)
        return EXIT_USER
    return 0


def cmd_connect(args: argparse.Namespace) -> int:
    """Write, for every approved wish, the entries that could help (and why), and the
    bonding, bridging and linking ties per buurt, as JSON.

    Parameters
    ----------
    args
        ``project``, ``out`` (``.json``), ``include_private``, ``lang``, ``top`` and
        ``matchlijst`` (a PDF or PNG to write as well, optional).

    Returns
    -------
    int
        The exit code: 0.
    """
    import json

    from .connect import connect_json

    out = Path(args.out)
    if out.suffix.lower() != ".json":
        raise ValidationError(key="cmd_out_json", field="out")
    if args.matchlijst and Path(args.matchlijst).suffix.lower() not in (".pdf", ".png"):
        raise ValidationError(key="cmd_matchlist_suffix", field="matchlijst")
    with _open(args.project) as store:
        data = connect_json(store, include_private=args.include_private, lang=args.lang,
                            top=args.top)
        if args.matchlijst:
            from .printing import store_matchlist

            store_matchlist(store, args.matchlijst, include_private=args.include_private,
                            lang=args.lang)
            print(_say(args, "cmd_matchlist_written", path=args.matchlijst))
    _write_text(str(out), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    n = sum(len(w["suggestions"]) for w in data["wishes"])
    nw = len(data["wishes"])
    print(_say(args, "cmd_connect_written", path=out, nw=nw, n=n,
               wishes=_say(args, "cmd_wish_one" if nw == 1 else "cmd_wish_many"),
               suggestions=_say(args, "cmd_sugg_one" if n == 1 else "cmd_sugg_many")))
    return 0


def cmd_import_paper(args: argparse.Namespace) -> int:
    """Import rows typed from paper worksheets (``cel;soort;naam;omschrijving``).

    Parameters
    ----------
    args
        ``project``, ``file``, ``grid`` (default: the grid kept with the project),
        ``status``, ``sheet`` (default: the file's name, so importing a file again skips
        its rows) and ``evening``.

    Returns
    -------
    int
        The exit code: 0, or 2 when nothing could be imported.
    """
    _not_the_project(args)
    from .io.paper import import_paper
    from .paper_grid import read_cells, stored_grid
    from .printing.worksheet import find_evening

    cells = read_cells(args.grid) if args.grid else None
    with _open(args.project) as store:
        if cells is None:
            grid = stored_grid(store)
            if grid is None:
                raise ValidationError(key="cmd_no_grid")
            cells = grid.cells()
        ev = find_evening(store, args.evening) if args.evening else None
        report = import_paper(store, args.file, cells, status=args.status,
                              sheet=args.sheet or Path(args.file).stem, evening=ev)
    _print_report(report, args.lang)
    if report.imported == 0 and report.duplicates == 0:
        print(f"{_say(args, 'cli_error')}: {_say(args, 'imp_nothing')}", file=sys.stderr)
        return EXIT_USER
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    """Copy a whole project between GeoPackage and PostGIS.

    Parameters
    ----------
    args
        ``src``, ``dst`` and ``overwrite``.

    Returns
    -------
    int
        The exit code: 0.
    """
    from .store.transfer import copy_project

    report = copy_project(args.src, args.dst, overwrite=args.overwrite)
    if report.backup is not None:
        print(_say(args, "cmd_copy_backup", path=report.backup.path or report.backup.name))
    print(_say(args, "cmd_copied", src=report.source, dst=report.destination,
               summary=report.summary()))
    return 0


def _csv_dialect_arg(p: argparse.ArgumentParser) -> None:
    """``--csv-dialect``: CSV for Dutch Excel (default) or for machines."""
    from .io.csvdialect import DEFAULT_DIALECT, DIALECTS

    p.add_argument("--csv-dialect", choices=DIALECTS, default=DEFAULT_DIALECT,
                   help="CSV voor Nederlandse Excel (excel-nl: ';', decimale komma, Nederlandse "
                        "koppen en waarden; standaard) of voor scripts (machine: ',', punt, "
                        "veldnamen)")


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand; each sets ``func`` to its ``cmd_*`` function."""
    p = _Parser(prog="assetmap",
                description="Breng samen de kracht van de buurt in kaart (ABCD).")
    p.add_argument("--version", action="version", version=f"assetmap {__version__}")
    p.add_argument("--debug", action="store_true", help="toon de volledige fout bij een crash")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    d = sub.add_parser("demo", help="schrijf het demoproject")
    d.add_argument("--out", required=True, help="pad van het nieuwe .gpkg-bestand")
    d.add_argument("--overwrite", action="store_true", help="overschrijf een bestaand bestand")
    d.set_defaults(func=cmd_demo)

    i = sub.add_parser("info", help="aantallen per laag per buurt")
    i.add_argument("project", help="project (.gpkg)")
    i.set_defaults(func=cmd_info)

    e = sub.add_parser("export", help="exporteer lagen")
    e.add_argument("project", help="project (.gpkg)")
    e.add_argument("--format", required=True, choices=["geojson", "csv", "gpkg", "xlsx", "kml"])
    e.add_argument("--out", required=True, help="bestand, of map bij meerdere lagen")
    e.add_argument("--layer", help="laag of lagen, met komma's (standaard: alle)")
    _csv_dialect_arg(e)
    e.add_argument("--include-private", action="store_true",
                   help="ook niet-openbare velden en rijen (alleen voor opbouwwerkers)")
    e.set_defaults(func=cmd_export)

    m = sub.add_parser("map", help="schrijf één HTML-kaart die offline werkt")
    m.add_argument("project", help="project (.gpkg)")
    m.add_argument("--out", required=True, help="pad van het .html-bestand")
    m.add_argument("--no-tiles", action="store_true", help="zonder achtergrondkaart")
    m.add_argument("--lang", choices=["nl", "en"], default="nl")
    m.set_defaults(func=cmd_map)

    h = sub.add_parser("hash-password",
                       help="maak de hash van het wachtwoord voor opbouwwerkers "
                            "(voor ASSETMAP_FACILITATOR_PASSWORD_HASH)")
    h.set_defaults(func=cmd_hash_password)

    a = sub.add_parser("analyse", help="tekorten en clusters per buurt (JSON of CSV)")
    a.add_argument("project", help="project (.gpkg)")
    a.add_argument("--out", required=True, help="report.json of report.csv")
    _csv_dialect_arg(a)
    a.add_argument("--threshold", type=_positive(float), default=DEFAULT_THRESHOLD_M,
                   help="afstand tot een ontmoetingsplek in meters "
                        f"(standaard {DEFAULT_THRESHOLD_M:g})")
    a.add_argument("--eps", type=_positive(float), default=DEFAULT_EPS_M,
                   help=f"clusterafstand in meters (standaard {DEFAULT_EPS_M:g})")
    a.add_argument("--min-samples", type=_positive(int), default=DEFAULT_MIN_SAMPLES,
                   help="minimum aantal plekken in een cluster "
                        f"(standaard {DEFAULT_MIN_SAMPLES})")
    a.add_argument("--network", help="lopend over straat: 'project' (de straten van het "
                   "project) of een netwerkbestand; standaard hemelsbreed")
    a.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="taal van de zinnen in de JSON en van de meldingen (standaard nl)")
    a.add_argument("--include-private", action="store_true",
                   help=f"ook aantallen talenten onder de {MIN_COUNT} (alleen voor "
                        "opbouwwerkers)")
    a.set_defaults(func=cmd_analyse)
    r = sub.add_parser("route", help="plan een wijksafari (wandelroute langs plekken)")
    r.add_argument("project", help="project (.gpkg)")
    r.add_argument("--network", help="wandelnetwerk: .osm, .osm.pbf, Overpass-.json, .gpkg of "
                   ".geojson met straten; 'project' = de straten van het project (standaard), "
                   "'online' = download via OpenStreetMap")
    r.add_argument("--stops", help="ids van de plekken, met komma's")
    r.add_argument("--start", help="id van de startplek (standaard: de eerste stop)")
    r.add_argument("--end", help="id van de eindplek (standaard: terug naar de start)")
    r.add_argument("--speed", type=float, help="loopsnelheid in km/u (standaard 4,5)")
    r.add_argument("--accessible", action="store_true", help="rustig tempo: 3 km/u")
    r.add_argument("--step-free", action="store_true",
                   help="zonder trappen en hoge stoepranden (rolstoel, rollator, kinderwagen)")
    r.add_argument("--dwell", type=float, help="minuten per stop (standaard 10)")
    r.add_argument("--start-time", help="starttijd, bv. 14:00")
    r.add_argument("--manual", action="store_true", help="houd de volgorde van --stops aan")
    r.add_argument("--include-pending", action="store_true",
                   help="ook plekken die nog niet zijn goedgekeurd (standaard alleen goedgekeurd)")
    r.add_argument("--gpx", help="schrijf de route als GPX")
    r.add_argument("--json", help="schrijf de route als JSON")
    r.add_argument("--card", help="schrijf een routekaart (PDF)")
    r.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="taal van de uitvoer, de routekaart en de GPX (standaard nl)")
    r.add_argument("--title", help="titel van de routekaart (standaard: de naam van de route, "
                   "anders Wijksafari)")
    r.add_argument("--save-network", action="store_true",
                   help="bewaar het wandelnetwerk in het project (voor --network project)")
    r.add_argument("--open", "--route", dest="open", metavar="NAAM",
                   help="open een bewaarde route (opnieuw berekend met het netwerk van nu)")
    r.add_argument("--save", metavar="NAAM",
                   help="bewaar de route in het project onder deze naam (een bestaande route "
                        "met die naam wordt bijgewerkt)")
    r.add_argument("--map", metavar="BESTAND",
                   help="schrijf de route als één HTML-bestand dat offline werkt")
    r.add_argument("--map-tiles", action="store_true",
                   help="met online achtergrondkaart in het HTML-bestand (standaard zonder)")
    r.set_defaults(func=cmd_route)
    rs = sub.add_parser("routes", help="de bewaarde wijksafari-routes van een project")
    rs.add_argument("project", help="project (.gpkg of postgresql://…)")
    rs.add_argument("--json", action="store_true", help="als JSON")
    rs.set_defaults(func=cmd_routes)
    pr = sub.add_parser("print", help="druk een kaart af op A4 of A3 (PDF of PNG)")
    pr.add_argument("project", help="project (.gpkg)")
    pr.add_argument("--paper", default="A4", type=str.upper, choices=["A4", "A3"])
    pr.add_argument("--orientation", choices=["portrait", "landscape"],
                    help="staand of liggend (standaard staand; een werkblad kiest zelf)")
    pr.add_argument("--buurt", help="alleen deze buurt (buurtcode, bijv. BU03630000)")
    pr.add_argument("--title", help="titel boven de kaart")
    pr.add_argument("--layers", nargs="+", metavar="LAAG",
                    help="lagen: meeting_places talents associations entrepreneurs "
                         "wishes")
    pr.add_argument("--qr", metavar="URL", help="QR-code naar de online kaart (bij een werkblad: "
                    "het adres van de app voor telefoons)")
    pr.add_argument("--dpi", type=int, default=300, help="resolutie van een PNG (standaard 300)")
    pr.add_argument("--out", required=True, help="pad van het .pdf- of .png-bestand")
    pr.add_argument("--lang", choices=["nl", "en"], default="nl",
                    help="taal van titel, legenda, lijst en voettekst; ook van het werkblad "
                         "(standaard nl)")
    pr.add_argument("--worksheet", action="store_true",
                    help="een werkblad: kaart met raster en een lege tabel om in te vullen")
    pr.add_argument("--evening", metavar="CODE",
                    help="werkblad: de themaavond (QR-code); standaard de open avond")
    pr.add_argument("--grid", metavar="GRID.GEOJSON",
                    help="werkblad: schrijf de cellen van het raster als GeoJSON")
    pr.set_defaults(func=cmd_print)
    ib = sub.add_parser("import-buurten", help="lees de CBS-buurten (maakt het project zo nodig)")
    ib.add_argument("project", help="project (.gpkg); wordt gemaakt als het nog niet bestaat")
    ib.add_argument("file", help="CBS wijk- en buurtkaart: .gpkg, .geojson of gezipt Shapefile")
    ib.add_argument("--gemeente", help="alleen deze gemeente (naam of code, bv. GM0479)")
    ib.add_argument("--wijk", help="alleen deze wijk (code of naam)")
    ib.add_argument("--jaar", type=int, help="CBS-jaar van de buurten (standaard: uit het "
                    "bestand of de naam); oudere buurtindelingen blijven bewaard")
    ib.add_argument("--lang", choices=["nl", "en"], default="nl",
                    help="taal van het verslag (standaard nl)")
    ib.set_defaults(func=cmd_import_buurten)
    io_ = sub.add_parser("import-osm", help="plekken uit een OpenStreetMap-bestand")
    io_.add_argument("project", help="project (.gpkg)")
    io_.add_argument("file", help=".osm, .osm.pbf of Overpass-JSON")
    io_.add_argument("--lang", choices=["nl", "en"], default="nl",
                     help="taal van het verslag (standaard nl)")
    io_.set_defaults(func=cmd_import_osm)
    it = sub.add_parser("import", help="plekken uit een spreadsheet (CSV, XLSX, JSON)")
    it.add_argument("project", help="project (.gpkg)")
    it.add_argument("file", help="CSV, XLSX of JSON-lijst")
    it.add_argument("--layer", required=True,
                    choices=["meeting_places", "talents", "associations", "entrepreneurs"])
    it.add_argument("--mapping", help='kolomkoppeling als JSON, bv. {"name": "Naam"}, of een '
                    "pad naar een JSON-bestand")
    it.add_argument("--offline", action="store_true",
                    help="zoek adressen niet op bij PDOK (rijen zonder coördinaten melden)")
    it.add_argument("--lang", choices=["nl", "en"], default="nl",
                    help="taal van het verslag (standaard nl)")
    it.set_defaults(func=cmd_import)
    ip = sub.add_parser("import-paper", help="rijen van papieren werkbladen "
                        "(cel;soort;naam;omschrijving)")
    ip.add_argument("project", help="project (.gpkg)")
    ip.add_argument("file", help="CSV (; of ,) of XLSX met de kolommen cel;soort;naam;omschrijving")
    ip.add_argument("--grid", metavar="GRID.GEOJSON",
                    help="het raster van de werkbladen (standaard: het raster van het project)")
    ip.add_argument("--status", choices=["approved", "pending"], default="pending",
                    help="goedgekeurd of wacht op goedkeuring (standaard pending)")
    ip.add_argument("--sheet", metavar="NAAM",
                    help="naam van het werkblad, bijv. 'tafel 3' (standaard de bestandsnaam; "
                         "elk blad telt als één bijdrager; een kolom blad gaat voor)")
    ip.add_argument("--evening", metavar="CODE", help="de themaavond van de werkbladen")
    ip.add_argument("--lang", choices=["nl", "en"], default="nl",
                    help="taal van het verslag (standaard nl)")
    ip.set_defaults(func=cmd_import_paper)
    cn = sub.add_parser("connect", help="wensen en wie kan helpen; bonding, bridging en "
                        "linking per buurt (JSON)")
    cn.add_argument("project", help="project (.gpkg of postgresql://…)")
    cn.add_argument("--out", required=True, help="pad van het .json-bestand")
    cn.add_argument("--include-private", action="store_true",
                    help="ook talenten die niet openbaar zijn (alleen voor opbouwwerkers; "
                         "nooit contactgegevens)")
    cn.add_argument("--lang", choices=["nl", "en"], default="nl",
                    help="taal van de zinnen 'waarom' en van de matchlijst (standaard nl)")
    cn.add_argument("--top", type=_positive(int), default=5,
                    help="hoeveel suggesties per wens (standaard 5)")
    cn.add_argument("--matchlijst", metavar="PDF",
                    help="schrijf ook de matchlijst (A4, .pdf of .png) voor de volgende avond")
    cn.set_defaults(func=cmd_connect)
    cp = sub.add_parser("compare", help="vergelijk de kaart op twee momenten (JSON of CSV)")
    cp.add_argument("project", help="project (.gpkg of postgresql://…)")
    when = ("datum (2026-03-12 = eind van die dag), tijdstip (2026-03-12T21:30:00+00:00) of "
            "avondcode (het moment dat die avond sloot, of nu als hij open is)")
    cp.add_argument("--from", dest="when_from", required=True, metavar="WANNEER", help=when)
    cp.add_argument("--to", dest="when_to", required=True, metavar="WANNEER", help=when)
    cp.add_argument("--out", required=True, help="diff.json of diff.csv")
    _csv_dialect_arg(cp)
    cp.add_argument("--include-private", action="store_true",
                    help="alle goedgekeurde en wachtende bijdragen en exacte aantallen (alleen "
                         f"voor opbouwwerkers; anders alleen openbaar en aantallen onder de "
                         f"{MIN_COUNT} verborgen)")
    cp.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal van de zinnen")
    cp.set_defaults(func=cmd_compare)
    c = sub.add_parser("copy", help="kopieer een project tussen GeoPackage en PostGIS")
    c.add_argument("src", help="bron: .gpkg of postgresql://…?project=naam")
    c.add_argument("dst", help="bestemming: .gpkg of postgresql://…?project=naam "
                   "(wordt gemaakt als die niet bestaat)")
    c.add_argument("--overwrite", action="store_true",
                   help="vervang de gegevens in een bestemming die niet leeg is")
    c.set_defaults(func=cmd_copy)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``assetmap`` with ``argv`` (default: the command line).

    Parameters
    ----------
    argv
        The arguments after the program name.

    Returns
    -------
    int
        0 on success, 2 for a user error, 1 for an unexpected failure, 130 when interrupted.
    """
    parser = build_parser()
    given = list(argv if argv is not None else sys.argv[1:])
    debug = "--debug" in given
    args = argparse.Namespace(lang=_argv_lang(given))
    try:
        args = parser.parse_args(argv)
        if getattr(args, "lang", None) is None:  # a command without --lang: ASSETMAP_LANG
            args.lang = _env_lang()
        return int(args.func(args) or 0)
    except _UserArgError as exc:
        print(f"{_say(args, 'cli_error')}: {_argparse_words(str(exc), _lang(args))}",
              file=sys.stderr)
        return EXIT_USER
    except AssetMapError as exc:
        if debug:
            raise
        print(f"{_say(args, 'cli_error')}: {exc.text(_lang(args))}", file=sys.stderr)
        return EXIT_USER if exc.user_error else EXIT_FAILURE
    except KeyboardInterrupt:
        print(_say(args, "cmd_interrupted"), file=sys.stderr)
        return 130
    except OSError as exc:  # a missing folder, no permission, a full disk: say where
        if debug:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        print(f"{_say(args, 'cli_error')}: {exc.strerror or type(exc).__name__}{where}",
              file=sys.stderr)
        return EXIT_USER
    except Exception as exc:  # noqa: BLE001 - last resort: one line, exit 1
        if debug:
            raise
        msg = " ".join(str(exc).split()) or type(exc).__name__
        print(_say(args, "cmd_unexpected", kind=type(exc).__name__, msg=msg), file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``assetmap`` on the command line: thin subcommands over the package.

User errors (a missing file, bad arguments, invalid data) print one line on stderr and exit with
code 2; unexpected failures print one line and exit with code 1 (``--debug`` shows the
traceback). Never a traceback for a user error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import AssetMapError

EXIT_USER = 2
EXIT_FAILURE = 1


class _UserArgError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise _UserArgError(f"{self.prog}: {message}")


def _open(project: str):
    from .store import open_store

    return open_store(project)


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo

    p = write_demo(args.out, overwrite=args.overwrite)
    print(f"Demoproject geschreven: {p}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    import pandas as pd

    from . import schema

    with _open(args.project) as store:
        counts = store.counts()
        b = store.buurten()
        ev = store.evenings()
        pending = sum(len(store.read(layer, status="pending")) for layer in schema.ASSET_LAYERS)
    labels = {layer: schema.LAYERS[layer].label_nl for layer in schema.ASSET_LAYERS}
    table = counts.rename(columns=labels)
    total = pd.DataFrame([["Totaal", *table.iloc[:, 1:].sum().tolist()]],
                         columns=table.columns, index=[""])
    table = pd.concat([table, total])
    print(f"Project: {args.project}")
    print(f"Buurten: {len(b)} · themaavonden: {len(ev)} · wachten op goedkeuring: {pending}")
    print()
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .io.export import export

    layers = args.layer.split(",") if args.layer else None
    with _open(args.project) as store:
        paths = export(store, args.format, args.out, layers=layers,
                       include_private=args.include_private)
    for p in paths:
        print(f"Geschreven: {p}")
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from . import webmap

    with _open(args.project) as store:
        m = webmap.project_map(store, assets="inline", tiles=not args.no_tiles, lang=args.lang)
        html = webmap.to_html(m)
    out = Path(args.out)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    print(f"Kaart geschreven: {out} ({len(html.encode('utf-8')) // 1024} kB, werkt offline)")
    return 0


# [cmd:analyse]
# [cmd:route]
# [cmd:print]
# [cmd:import]
# [cmd:copy]


def build_parser() -> argparse.ArgumentParser:
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
    e.add_argument("--format", required=True, choices=["geojson", "csv", "gpkg"])
    e.add_argument("--out", required=True, help="bestand, of map bij meerdere lagen")
    e.add_argument("--layer", help="laag of lagen, met komma's (standaard: alle)")
    e.add_argument("--include-private", action="store_true",
                   help="ook niet-openbare velden en rijen (alleen voor opbouwwerkers)")
    e.set_defaults(func=cmd_export)

    m = sub.add_parser("map", help="schrijf één HTML-kaart die offline werkt")
    m.add_argument("project", help="project (.gpkg)")
    m.add_argument("--out", required=True, help="pad van het .html-bestand")
    m.add_argument("--no-tiles", action="store_true", help="zonder achtergrondkaart")
    m.add_argument("--lang", choices=["nl", "en"], default="nl")
    m.set_defaults(func=cmd_map)

    # Each subcommand below registers itself with one line; keep the order.
    # [cli:analyse]
    # [cli:route]
    # [cli:print]
    # [cli:import]
    # [cli:copy]
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    except _UserArgError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return EXIT_USER
    except AssetMapError as exc:
        if debug:
            raise
        print(f"fout: {exc}", file=sys.stderr)
        return EXIT_USER if exc.user_error else EXIT_FAILURE
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line, exit 1
        if debug:
            raise
        msg = " ".join(str(exc).split()) or type(exc).__name__
        print(f"onverwachte fout ({type(exc).__name__}): {msg}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""What every importer shares: the upload limit, the per-row report, column-name keys."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ImportFormatError

if TYPE_CHECKING:
    from ..store.base import BackupInfo

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused before they are read (50 MB)."""


def check_file(path: str | os.PathLike[str]) -> Path:
    """The path of a readable, non-empty file of at most 50 MB, else ``ImportFormatError``."""
    p = Path(path)
    if not p.is_file():
        raise ImportFormatError(f"Bestand niet gevonden: {p.name}")
    size = p.stat().st_size
    check_size(size, p.name)
    return p


def check_size(size: int, name: str) -> None:
    """Refuse an empty upload or one over :data:`MAX_UPLOAD_BYTES`."""
    if size == 0:
        raise ImportFormatError(f"Het bestand {name} is leeg.")
    if size > MAX_UPLOAD_BYTES:
        raise ImportFormatError(
            f"Het bestand {name} is te groot ({size / 1024 / 1024:.0f} MB). "
            f"De grens is {MAX_UPLOAD_BYTES // 1024 // 1024} MB: knip het bestand op of "
            "neem alleen je eigen gemeente.")


def key(name: object) -> str:
    """A column name reduced to lowercase letters and digits (``"Aantal\\u00a0 Inwoners"``
    and ``aantal_inwoners`` and ``aantalInwoners`` all become ``aantalinwoners``)."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text.lower())


def clean_header(name: object) -> str:
    """A header with non-breaking spaces, odd spacing and surrounding blanks tidied."""
    text = str(name).replace("\u00a0", " ").replace("\ufeff", "")
    return " ".join(text.split())


@dataclass
class RowProblem:
    """One input row that was not imported, and why (Dutch)."""

    row: int
    reason: str
    needs_location: bool = False


@dataclass
class ImportReport:
    """What an import did: counts, rejected rows with a reason, and notes.

    Attributes
    ----------
    total
        Rows (or features) read from the file.
    imported
        Rows written to the project.
    duplicates
        Rows skipped because an earlier import already brought them in (same ``source_ref``).
    skipped
        Rows left out on purpose (an OSM object that is no place we map, or outside the
        project area). ``imported + len(rejected) + duplicates + skipped == total``.
    rejected
        Rows that could not be imported, each with a Dutch reason.
    notes
        Remarks about the whole file (CRS found, columns used, rows dropped on purpose).
    backup
        The backup made before writing, if any.
    """

    total: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    backup: BackupInfo | None = None
    ids: list[str] = field(default_factory=list)

    @property
    def needs_location(self) -> int:
        return sum(1 for r in self.rejected if r.needs_location)

    @property
    def adds_up(self) -> bool:
        """True when every row read is accounted for once (the summary's numbers add up)."""
        return self.imported + len(self.rejected) + self.duplicates + self.skipped == self.total

    def summary(self, lang: str = "nl") -> str:
        """One line whose numbers add up to the rows read (Dutch unless ``lang``):
        ``12 geïmporteerd, 3 afgewezen (waarvan 2 nog zonder locatie), 2 al aanwezig,
        1 overgeslagen (van 18 rijen)``."""
        from .. import i18n

        rejected = i18n.text("imp_rejected", lang, n=len(self.rejected))
        if self.needs_location:
            rejected += " " + i18n.text("imp_rejected_location", lang, n=self.needs_location)
        parts = [i18n.text("imp_imported", lang, n=self.imported), rejected]
        if self.duplicates:
            parts.append(i18n.text("imp_duplicates", lang, n=self.duplicates))
        if self.skipped:
            parts.append(i18n.text("imp_skipped", lang, n=self.skipped))
        return ", ".join(parts) + " " + i18n.text("imp_of_rows", lang, n=self.total)

    def lines(self, lang: str = "nl") -> list[str]:
        """The summary, the notes and one line per rejected row (Dutch unless ``lang``; a
        note or reason made as an :class:`assetmap.i18n.Msg` follows ``lang``)."""
        from .. import i18n

        out = [self.summary(lang), *(i18n.say(n, lang) for n in self.notes)]
        out += [i18n.text("imp_row", lang, row=p.row, reason=i18n.say(p.reason, lang))
                for p in self.rejected]
        return out

"""One error hierarchy for the whole app.

Every error carries a Dutch message meant for the person in front of the screen. Errors that a
user can cause and fix (bad input, a wrong file, no permission) are *user errors*: the CLI prints
their message on one line and exits with code 2; the UI shows the message next to the field.

An error raised with a ``key`` (and ``params``) takes its words from the catalogue
(``err_<key>`` in ``locale/*/LC_MESSAGES/assetmap.po``): ``message`` is the Dutch text, and
:meth:`AssetMapError.text` gives it in another language (the UI passes the session's language,
the CLI its ``--lang``). An error raised with a plain message stays Dutch in every language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AssetMapError(Exception):
    """Base class. ``message`` is Dutch, plain language (B1)."""

    user_error: bool = True

    def __init__(self, message: str = "", *, field: str | None = None, key: str | None = None,
                 params: Mapping[str, Any] | None = None, subject: Any = None) -> None:
        self.key = key
        self.params = dict(params or {})
        self.subject = subject  # a schema Field whose label goes before the message
        self.field = field
        self._plain = message
        self.message = self._render("nl")
        super().__init__(self.message)

    def _render(self, lang: str) -> str:
        from . import i18n

        params = {k: i18n.say(v, lang) if isinstance(v, i18n.Msg) else v
                  for k, v in self.params.items()}  # a Msg param says itself in ``lang``
        body = i18n.text(f"err_{self.key}", lang, **params) if self.key else self._plain
        if self.subject is not None:
            body = f"{self.subject.label(lang)}: {body}"
        return body

    def text(self, lang: str = "nl") -> str:
        """The message in ``lang`` (Dutch when the error has no key or ``lang`` no words)."""
        return " ".join(self._render(lang).split())

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())


class ValidationError(AssetMapError):
    """A record or layer breaks a rule of ``schema.py``; ``field`` names the field."""

    def __init__(self, message: str = "", *, field: str | None = None, row: int | None = None,
                 key: str | None = None, params: Mapping[str, Any] | None = None,
                 subject: Any = None) -> None:
        self.row = row
        super().__init__(message, field=field, key=key, params=params, subject=subject)

    def _render(self, lang: str) -> str:
        body = super()._render(lang)
        if self.row is None:
            return body
        from . import i18n

        return i18n.text("err_row", lang, row=self.row, message=body)

    def at_row(self, row: int) -> ValidationError:
        """The same error for row ``row`` of a layer or sheet."""
        return ValidationError(self._plain, field=self.field, row=row, key=self.key,
                               params=self.params, subject=self.subject)


class ProjectError(AssetMapError):
    """The project cannot be opened: missing file, not a GeoPackage, unknown URL scheme."""


class NotFoundError(AssetMapError):
    """An id, join code or buurt code that the project does not have."""


class PermissionDeniedError(AssetMapError):
    """Someone tries to change an entry that is not theirs, or a facilitator-only action."""


class ImportFormatError(AssetMapError):
    """An input file that cannot be read as what it claims to be."""


class RoutingError(AssetMapError):
    """A route that cannot be made: unreachable stop, not a network file."""


class NoStepFreeRouteError(RoutingError):
    """A step-free route was asked, but two stops are joined only over steps or raised kerbs."""


class StorageError(AssetMapError):
    """The store failed for a reason the user did not cause (disk full, corrupt file)."""

    user_error = False


class RateLimitError(AssetMapError):
    """Too many entries from one contributor in a short time."""


class EveningClosedError(PermissionDeniedError):
    """A join code of an evening that has been closed."""


class ChangedMeanwhileError(AssetMapError):
    """An entry changed after the facilitator read it: the action was not done."""


class GeocodeError(AssetMapError):
    """An address search (PDOK) that failed: offline, a timeout, or an answer we cannot read."""

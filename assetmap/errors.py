"""One error hierarchy for the whole app.

Every error carries a Dutch message meant for the person in front of the screen. Errors that a
user can cause and fix (bad input, a wrong file, no permission) are *user errors*: the CLI prints
their message on one line and exits with code 2; the UI shows the message next to the field.
"""

from __future__ import annotations


class AssetMapError(Exception):
    """Base class. ``message`` is Dutch, plain language (B1)."""

    user_error: bool = True

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())


class ValidationError(AssetMapError):
    """A record or layer breaks a rule of ``schema.py``; ``field`` names the field."""

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None) -> None:
        if row is not None:
            message = f"Rij {row}: {message}"
        super().__init__(message, field=field)
        self.row = row


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

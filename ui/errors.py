"""One way to show an error a user can act on: ``with user_errors(): …``.

Domain functions raise :class:`assetmap.errors.AssetMapError` with a Dutch message; pages run
them inside :func:`user_errors`, which shows that message in the session's language
(``st.error`` by default) instead of a traceback.
Any other exception is a bug and is not caught here.

    with user_errors() as done:
        rep = tabular.import_frame(store, df, layer, mapping, actor=actor)
    if done.ok:
        st.success(rep.summary())
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import streamlit as st

from assetmap.errors import AssetMapError, ValidationError
from ui.forms import show_error
from ui.i18n import lang


@dataclass
class Outcome:
    """What happened inside :func:`user_errors`.

    Attributes
    ----------
    error
        The error that was caught, or ``None`` when the block ran to its end.
    """

    error: AssetMapError | None = None

    @property
    def ok(self) -> bool:
        """Whether the block ran without an error."""
        return self.error is None

    @property
    def message(self) -> str:
        """The error's message (empty when there was none)."""
        return "" if self.error is None else self.error.text(lang())


@contextmanager
def user_errors(prefix: str | None = None, *, warn: bool = False, show: bool = True,
                stop: bool = False, icon: str | None = None,
                on_error: Callable[[], None] | None = None) -> Iterator[Outcome]:
    """Run a block; an :class:`AssetMapError` in it becomes a message on the page.

    Parameters
    ----------
    prefix
        Text before the message (``"Het project kan niet worden geopend: …"``).
    warn
        Show a warning instead of an error.
    show
        ``False``: show nothing, only record the error in the :class:`Outcome` (to show it
        further down the page).
    stop
        Stop the page after the message (``st.stop()``).
    icon
        An icon for the message, e.g. ``":material/block:"``.
    on_error
        Called after the message, e.g. to forget a preview that failed.

    Yields
    ------
    Outcome
        ``ok`` after the block tells whether it ran without an error.
    """
    outcome = Outcome()
    try:
        yield outcome
    except AssetMapError as exc:
        outcome.error = exc
        if show:
            msg = exc.text(lang())
            text = f"{prefix}: {msg}" if prefix else msg
            (st.warning if warn else st.error)(text, icon=icon)
        if on_error is not None:
            on_error()
        if stop:
            st.stop()


@contextmanager
def form_errors(spots: Mapping[str, Any]) -> Iterator[Outcome]:
    """Like :func:`user_errors` for an entry form (:func:`ui.forms.entry_form`): a
    ``ValidationError`` shows next to the field it names, any other error below the form."""
    outcome = Outcome()
    try:
        yield outcome
    except ValidationError as exc:
        outcome.error = exc
        show_error(spots, exc.field if exc.field in spots else None, exc.text(lang()))
    except AssetMapError as exc:
        outcome.error = exc
        show_error(spots, None, exc.text(lang()))

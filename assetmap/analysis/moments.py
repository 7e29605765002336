"""Moments to compare: a date (the end of that day in Europe/Amsterdam), a timestamp, a theme
evening (the moment it closed, or now while it is open), or now.

:func:`parse_when` reads the three forms ``assetmap compare`` takes; :class:`Moment` knows how
to say itself in a sentence ("de themaavond van 12 maart").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from .. import i18n, schema
from ..errors import ValidationError

TIMEZONE = ZoneInfo("Europe/Amsterdam")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Moment:
    """A point in time to compare.

    Attributes
    ----------
    at
        The moment (UTC): everything recorded at or before it counts.
    kind
        ``date``, ``time``, ``evening`` or ``now``.
    day
        The day of the moment in Europe/Amsterdam (for an evening: its date).
    title
        The evening's title (``kind == "evening"``).
    evening_id
        The evening's id (``kind == "evening"``).
    """

    at: pd.Timestamp
    kind: str = "time"
    day: date | None = None
    title: str | None = None
    evening_id: str | None = None

    @property
    def iso(self) -> str:
        """``2026-03-12T22:59:59Z``: the moment as the store writes times."""
        return self.at.tz_convert(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def label(self, lang: str = "nl", *, year: bool = True) -> str:
        """``de themaavond van 12 maart`` / ``12 maart 2026`` / ``nu`` (or in English)."""
        day = self.day or self.at.tz_convert(TIMEZONE).date()
        when = date_text(day, lang, year=year)
        if self.kind == "evening":
            return i18n.text("hist_evening_of", lang, date=when)
        if self.kind == "now":
            return i18n.text("hist_now", lang)
        return when


def date_text(day: date, lang: str = "nl", *, year: bool = True) -> str:
    """``12 maart 2026`` (``12 March 2026``); without the year when ``year`` is false."""
    month = i18n.text(f"hist_month_{day.month}", lang)
    return f"{day.day} {month} {day.year}" if year else f"{day.day} {month}"


def end_of_day(day: date) -> pd.Timestamp:
    """The last moment of ``day`` in Europe/Amsterdam, in UTC."""
    nxt = datetime.combine(day + timedelta(days=1), time(0), tzinfo=TIMEZONE)
    return pd.Timestamp(nxt.astimezone(UTC)) - pd.Timedelta(microseconds=1)


def now_moment(now: datetime | None = None) -> Moment:
    """The moment ``now`` (default: the current time)."""
    at = pd.Timestamp(now or datetime.now(UTC))
    at = at.tz_localize(UTC) if at.tzinfo is None else at.tz_convert(UTC)
    return Moment(at=at, kind="now", day=at.tz_convert(TIMEZONE).date())


def date_moment(day: date) -> Moment:
    """The end of ``day`` (Europe/Amsterdam)."""
    return Moment(at=end_of_day(day), kind="date", day=day)


def evening_moment(evening: Any, *, now: datetime | None = None) -> Moment:
    """The moment an evening closed; now while it is open (a closed evening without a closing
    time: the end of its date)."""
    day = date.fromisoformat(str(evening["date"])) if not schema.is_na(evening["date"]) else None
    closed = evening.get("closed_at") if hasattr(evening, "get") else None
    if bool(evening["open"]) if not schema.is_na(evening["open"]) else False:
        at = now_moment(now).at
    elif closed is not None and not schema.is_na(closed):
        at = pd.Timestamp(str(closed).replace("Z", "+00:00")).tz_convert(UTC)
    elif day is not None:
        at = end_of_day(day)
    else:
        at = now_moment(now).at
    return Moment(at=at, kind="evening", day=day, title=str(evening["title"]),
                  evening_id=str(evening["id"]))


def parse_when(text: str, evenings: pd.DataFrame | None = None, *,
               now: datetime | None = None, what: str = "moment") -> Moment:
    """A moment from ``2026-03-12`` (end of that day, Europe/Amsterdam), an ISO timestamp
    (``2026-03-12T21:30:00+00:00``; without an offset: Dutch time) or an evening's join code.

    Raises
    ------
    ValidationError
        With a one-line Dutch message naming ``what`` (e.g. ``--from``).
    """
    s = (text or "").strip()
    if not s:
        raise ValidationError(key="when_blank", params={"what": what}, field=what)
    if _DATE.match(s):
        try:
            return date_moment(date.fromisoformat(s))
        except ValueError:
            raise ValidationError(key="when_no_such_date", params={"what": what, "value": s},
                                  field=what) from None
    if evenings is not None and len(evenings):
        # A join code first: codes such as "7583HT" must never be read as a timestamp.
        hit = evenings[evenings["join_code"].astype(str).str.upper() == s.upper()]
        if len(hit):
            return evening_moment(hit.iloc[0], now=now)
    if _DATE.match(s[:10]) and s[10:11].upper() == "T":
        try:
            dt = datetime.fromisoformat(s.replace("z", "Z"))
        except ValueError:
            raise ValidationError(key="when_bad_time", params={"what": what, "value": s},
                                  field=what) from None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=TIMEZONE)
        at = pd.Timestamp(dt).tz_convert(UTC)
        return Moment(at=at, kind="time", day=at.tz_convert(TIMEZONE).date())
    raise ValidationError(key="when_unknown", params={"what": what, "value": s}, field=what)


def evening_moments(evenings: pd.DataFrame, *, now: datetime | None = None) -> list[Moment]:
    """A moment per evening, in time order."""
    out = [evening_moment(r, now=now) for _, r in evenings.iterrows()]
    return sorted(out, key=lambda m: m.at)

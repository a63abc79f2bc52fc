"""Timestamps as sources write them: epoch seconds, ISO 8601, WordPress French and English dates."""
from __future__ import annotations

import re
from datetime import datetime, timezone

_FRENCH_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_ENGLISH_MONTHS = {
    name: number for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"], start=1)
}
_FRENCH_DATE = re.compile(
    r"^(?:le\s+)?(?P<day>\d{1,2})(?:er)?\s+(?P<month>[a-zéû]+)\s+(?P<year>\d{4})"
    r"(?:\s*(?:à|a)\s*(?P<hour>\d{1,2})\s*h\s*(?P<minute>\d{2})?(?:\s*min)?)?$", re.IGNORECASE)
_ENGLISH_DATE = re.compile(
    r"^(?P<month>[a-z]+)\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    r"(?:\s*(?:at|,)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?)?$",
    re.IGNORECASE)


def parse_time(value: object) -> datetime | None:
    """Parse a timestamp to a naive UTC datetime; None for empty; ValueError when unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _to_naive_utc(value)
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text or text.lower() in {"nan", "none", "null", "nat"}:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _from_epoch(float(text))
    try:
        return _to_naive_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    parsed = parse_wordpress_date(text)
    if parsed is None:
        raise ValueError(f"unreadable date {text!r}")
    return parsed


def parse_wordpress_date(text: str) -> datetime | None:
    """Parse a WordPress display date ('17 octobre 2025 à 14 h 32 min', 'October 17, 2025 at 2:32 pm')."""
    text = " ".join(text.replace("\u00a0", " ").split())
    match = _FRENCH_DATE.match(text)
    if match and match["month"].lower() in _FRENCH_MONTHS:
        month = _FRENCH_MONTHS[match["month"].lower()]
        return _build(match["year"], month, match["day"], match["hour"], match["minute"])
    match = _ENGLISH_DATE.match(text)
    if match and match["month"].lower() in _ENGLISH_MONTHS:
        hour = match["hour"]
        if hour is not None and match["ampm"]:
            hour = int(hour) % 12 + (12 if match["ampm"].lower().startswith("p") else 0)
        month = _ENGLISH_MONTHS[match["month"].lower()]
        return _build(match["year"], month, match["day"], hour, match["minute"])
    return None


def _build(year: str, month: int, day: str, hour: object, minute: object) -> datetime | None:
    try:
        return datetime(int(year), month, int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None


def _from_epoch(seconds: float) -> datetime:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)


def _to_naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment

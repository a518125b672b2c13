"""Today and now, honouring SOURCE_DATE_EPOCH (reproducible builds), read in this one place."""

from __future__ import annotations

import datetime as dt
import os
import re


def source_date(default: dt.date) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else midnight UTC of `default`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if re.fullmatch(r"\d+", epoch):
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime(default.year, default.month, default.day, tzinfo=dt.timezone.utc)


def source_now() -> dt.datetime:
    """SOURCE_DATE_EPOCH (reproducible runs) when set, else the current time; UTC, seconds.

    For dates that record when something was done (an approval, a tracked change)."""
    from docgen.errors import UsageError

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH: not a time in seconds: {epoch!r}") from None

"""Today and now, honouring SOURCE_DATE_EPOCH (reproducible builds), read in this one place."""

from __future__ import annotations

import datetime as dt
import os

# The times SOURCE_DATE_EPOCH may name: from 1970 to the end of 2200, the last year a
# document's dates may hold.
LAST_EPOCH = int(dt.datetime(2201, 1, 1, tzinfo=dt.timezone.utc).timestamp()) - 1


def _epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a time, None when unset; UsageError when it is no such time."""
    from docgen.errors import UsageError

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isascii() or not epoch.isdigit() or len(epoch) > 12 or int(epoch) > LAST_EPOCH:
        raise UsageError(f"SOURCE_DATE_EPOCH: not a time in seconds from 1970 to 2200: "
                         f"{epoch[:40]!r}")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)


def source_date(default: dt.date) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else midnight UTC of `default`."""
    epoch = _epoch()
    if epoch is not None:
        return epoch
    return dt.datetime(default.year, default.month, default.day, tzinfo=dt.timezone.utc)


def source_now() -> dt.datetime:
    """SOURCE_DATE_EPOCH (reproducible runs) when set, else the current time; UTC, seconds.

    For dates that record when something was done (an approval, a tracked change)."""
    epoch = _epoch()
    if epoch is not None:
        return epoch
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

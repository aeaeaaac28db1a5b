"""Option values that are parsed beyond their type: --fail-under, --columns, --partition-size.
A bad value is a one-line usage error that names the option and the form it takes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .common import fail

if TYPE_CHECKING:
    from ..config import Settings
    from ..gate import Thresholds

_SIZE_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9,
               "kib": 2**10, "mib": 2**20, "gib": 2**30}  # fmt: skip


def thresholds(values: list[str], settings: Settings) -> Thresholds:
    """--fail-under values over the config's: N for overall, DIMENSION=N for one dimension."""
    from ..gate import Thresholds
    from ..scoring import DIMENSIONS

    overall = settings.fail_under
    dims: dict[str, int] = dict(settings.fail_under_dimensions)
    for value in values:
        name, sep, number = value.rpartition("=")
        if not number.strip().isdigit() or int(number) > 100:
            fail(f"--fail-under {value!r}: expected N or DIMENSION=N with N from 0 to 100")
        if not sep:
            overall = int(number)
        elif name.strip() in DIMENSIONS:
            dims[name.strip()] = int(number)
        elif name.strip() == "overall":
            overall = int(number)
        else:
            fail(
                f"--fail-under {value!r}: unknown dimension (one of: overall, {', '.join(DIMENSIONS)})"
            )
    return Thresholds(overall, dims)


def columns(values: list[str]) -> dict[str, str]:
    """--columns FIELD=COLUMN values: the CSV reader's column mapping."""
    from ..ingest.csvlog import FIELDS

    mapping = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or field.strip() not in FIELDS or not column.strip():
            fail(
                f"--columns {value!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
            )
        mapping[field.strip()] = column.strip()
    return mapping


def size_in_bytes(size: str) -> int:
    """--partition-size: '64MB', '500kB', '1GiB' or a plain number of bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", size.lower())
    if (
        not match
        or match.group(2) not in _SIZE_UNITS
        or float(match.group(1)) * _SIZE_UNITS[match.group(2)] < 1
    ):
        fail(f"--partition-size {size!r}: expected a size such as 64MB, 500kB or 1GiB")
    return int(float(match.group(1)) * _SIZE_UNITS[match.group(2)])

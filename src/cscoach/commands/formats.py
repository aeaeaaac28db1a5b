"""``cscoach formats``: list the input formats cscoach reads."""

from __future__ import annotations

from ..catalog import FORMATS
from .common import output_stream


def formats() -> None:
    """List every input format cscoach reads, with an example command.

    The format is chosen per file from its content (and extension where content is ambiguous);
    --input-format NAME forces one.

    Examples:

      cscoach formats

      cscoach analyze export.csv --input-format csv --columns text=Message
    """
    from rich import box
    from rich.table import Table

    from ..render.safe import inert_console

    table = Table(box=box.SIMPLE_HEAD)
    for column in ("format", "what", "example"):
        table.add_column(column, overflow="fold")
    for fmt in FORMATS:
        table.add_row(fmt.name, fmt.summary, fmt.example)
    with output_stream(None) as stream:
        inert_console(stream).print(table)

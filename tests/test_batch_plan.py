"""The batch plan: how many partitions a run's inputs are cut into, for how many workers, and
that the byte ranges of a JSON Lines file cover it exactly, on line boundaries."""

from __future__ import annotations

import io
import json
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cscoach.batch.plan import Partition, plan
from cscoach.batch.sizing import (
    DEFAULT_PARTITION_BYTES,
    MIN_PARTITION_BYTES,
    PER_WORKER,
    Sizing,
    byte_ranges,
)

pytest.importorskip("fsspec")  # byte ranges are read through fsspec (the dask extra)

KB, MB, GB = 2**10, 2**20, 2**30


def export(path: Path, count: int, padding: int = 0) -> Path:
    """``count`` conversations, one a line, each with ``padding`` bytes of metadata."""
    with path.open("w", encoding="utf-8") as fh:
        for n in range(count):
            conv = {"id": f"c{n}", "metadata": {"note": "x" * padding}, "turns": [
                {"role": "customer", "text": f"Where is order {n}? Ça fait une semaine."},
                {"role": "agent", "text": "Sorry! I've checked: it arrives tomorrow."}]}  # fmt: skip
            fh.write(json.dumps(conv, ensure_ascii=False) + "\n")
    return path


def partitions(inputs: list[Path | str], sizing: Sizing, **kwargs) -> list[Partition]:
    slots = list(plan([str(i) for i in inputs], sizing, **kwargs))
    assert all(isinstance(s, Partition) for s in slots), slots
    return slots  # type: ignore[return-value]


@pytest.mark.parametrize("workers", [1, 2, 3, 8, 64])
def test_a_big_input_gets_two_partitions_per_worker(workers: int) -> None:
    assert Sizing(workers, largest=GB).ranges(10 * GB, 10 * GB) == max(10, 2 * workers)
    assert Sizing(workers).ranges(40 * MB, 40 * MB) == min(PER_WORKER * workers, 160)
    assert PER_WORKER == 2


@pytest.mark.parametrize("workers", [1, 2, 16])
def test_a_small_input_stays_whole_for_any_number_of_workers(workers: int) -> None:
    assert Sizing(workers).ranges(MIN_PARTITION_BYTES * 2 - 1, MIN_PARTITION_BYTES * 2 - 1) == 1
    assert Sizing(workers).ranges(40 * KB, 40 * KB) == 1
    assert Sizing(workers).ranges(0, 0) == 1


def test_the_minimum_size_caps_the_count() -> None:
    size = 5 * MIN_PARTITION_BYTES + 7
    count = Sizing(workers=16).ranges(size, size)  # 32 wanted, but ranges would be tiny
    assert count == 5
    assert min(length for _, length in byte_ranges(size, count)) >= MIN_PARTITION_BYTES


def test_the_largest_size_raises_the_count_and_wins_over_the_minimum() -> None:
    assert Sizing(workers=2).ranges(1 * GB, 1 * GB) == GB // DEFAULT_PARTITION_BYTES == 16
    assert Sizing(workers=2, largest=6 * KB).ranges(60 * KB, 60 * KB) == 10  # below the minimum


def test_several_files_share_the_count_by_size() -> None:
    sizing = Sizing(workers=2)  # 4 partitions wanted over the whole run
    sizes = [3 * MB, 1 * MB]
    counts = [sizing.ranges(size, sum(sizes)) for size in sizes]
    assert counts == [3, 1]
    three = [sizing.ranges(MB, 3 * MB) for _ in range(3)]  # none can be left with one big range
    assert three == [2, 2, 2]


@given(
    size=st.integers(0, 2**28),
    others=st.integers(0, 2**30),
    workers=st.integers(1, 512),
    largest=st.integers(2**12, 2**30),
    smallest=st.integers(1, 2**24),
)
def test_ranges_hold_their_bounds(
    size: int, others: int, workers: int, largest: int, smallest: int
) -> None:
    count = Sizing(workers, largest, smallest).ranges(size, size + others)
    lengths = [length for _, length in byte_ranges(size, count)]
    assert count >= 1 and sum(lengths) == size
    assert max(lengths) <= largest
    if count > max(1, -(-size // largest)):  # more than largest asks for: none below the minimum
        assert min(lengths) >= min(smallest, largest)
    if others == 0 and size >= 2 * workers * smallest:
        assert count >= 2 * workers  # one file alone: every worker gets two


@given(size=st.integers(0, 10**12), count=st.integers(1, 1000))
def test_byte_ranges_are_contiguous_and_even(size: int, count: int) -> None:
    ranges = byte_ranges(size, count)
    assert len(ranges) == count and ranges[0][0] == 0
    assert all(a + n == b for (a, n), (b, _) in pairwise(ranges))
    assert sum(n for _, n in ranges) == size
    assert max(n for _, n in ranges) - min(n for _, n in ranges) <= 1


def test_the_ranges_of_a_file_are_its_lines_each_once(tmp_path: Path) -> None:
    source = export(tmp_path / "export.jsonl", 300, padding=300)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    for workers in (1, 2, 5):
        found = partitions([source], Sizing(workers, smallest=4 * KB))
        assert len(found) == 2 * workers
        assert [p.index for p in found] == list(range(len(found)))
        assert [p.chunk for p in found] == list(range(len(found)))
        got = [list(io.StringIO(p.block().decode("utf-8"), newline="")) for p in found]
        assert [line for block in got for line in block] == lines
        assert all(block for block in got)  # every range starts some line


def test_a_small_file_is_one_whole_partition(tmp_path: Path) -> None:
    source = export(tmp_path / "small.jsonl", 20)
    (whole,) = partitions([source], Sizing(workers=8))
    assert not whole.split and whole.size == source.stat().st_size


def test_several_files_spread_with_other_formats_whole(tmp_path: Path) -> None:
    big = export(tmp_path / "a-big.jsonl", 600, padding=300)
    small = export(tmp_path / "b-small.jsonl", 5)
    other = tmp_path / "c-chat.json"
    other.write_text('{"turns": [{"role": "customer", "text": "Hello?"}]}', encoding="utf-8")
    found = partitions([tmp_path], Sizing(workers=2, smallest=4 * KB))
    assert [(Path(p.name).name, p.chunk) for p in found] == [
        *(("a-big.jsonl", n) for n in range(4)),
        ("b-small.jsonl", 0),
        ("c-chat.json", 0),
    ]
    assert [p.index for p in found] == list(range(6))
    assert not found[4].split and not found[5].split
    assert sum(p.length or 0 for p in found[:4]) == big.stat().st_size
    assert found[4].size == small.stat().st_size


def test_urls_are_sized_from_their_listing_like_paths(tmp_path: Path) -> None:
    export(tmp_path / "export.jsonl", 200, padding=300)
    sizing = Sizing(workers=3, smallest=4 * KB)
    by_path = partitions([tmp_path / "export.jsonl"], sizing)
    for url in (f"file://{tmp_path}/*.jsonl", f"file://{tmp_path}", f"file://{tmp_path}/export.jsonl"):  # fmt: skip
        by_url = partitions([url], sizing)
        assert [(p.start, p.length) for p in by_url] == [(p.start, p.length) for p in by_path]
        assert len(by_url) == 6


def test_what_cannot_be_split_stays_whole(tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_text(export(tmp_path / "x.jsonl", 200, 300).read_text("utf-8"), encoding="utf-16")
    sizing = Sizing(workers=2, smallest=4 * KB)
    assert [p.split for p in partitions([utf16], sizing)] == [False]  # ranges must be UTF-8
    csv = partitions([tmp_path / "x.jsonl"], sizing, input_format="csv")
    assert [p.split for p in csv] == [False]  # a forced format other than jsonl

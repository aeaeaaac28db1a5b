"""`--engine dask` on a real cluster started with Dask's own command-line tools, against the
local engine, on a distinct corpus (every conversation of ../shared/datasets once).

Starts `dask scheduler` and N `dask worker --nthreads 1` processes on this machine, then times
in one run (median of --repeat):

  - cscoach analyze --jobs N (local engine, N processes)
  - cscoach analyze --engine dask --scheduler tcp://... (N workers), to stdout
  - the same writing part files (-o DIR/)

and prints conversations per second and the ratio to the local engine. Every run's output is
compared with the local engine's: the bytes must be the same.

    python benchmarks/dask_cluster.py --workers 2 --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import distinct_corpus


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_cluster(workers: int, folder: Path) -> tuple[str, list[subprocess.Popen]]:
    dask = Path(sys.executable).with_name("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (folder / "cluster.log").open("w")
    scheduler = [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port)]
    procs = [subprocess.Popen([*scheduler, "--dashboard-address", ":0"], stdout=log, stderr=log)]
    time.sleep(2)
    worker = [str(dask), "worker", address, "--nthreads", "1", "--nworkers", "1"]
    worker += ["--dashboard-address", ":0", "--local-directory", str(folder)]
    procs += [subprocess.Popen(worker, stdout=log, stderr=log) for _ in range(workers)]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, procs


def timed(args: list[str], out: Path | None = None) -> tuple[float, bytes]:
    """Wall time and what the command wrote (stdout, or the joined part files)."""
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(
            f"failed ({proc.returncode}): {' '.join(args)}\n{proc.stderr.decode()[-800:]}"
        )
    data = proc.stdout
    if out is not None:
        names = (out / "_SUCCESS").read_text(encoding="utf-8").split()
        data = b"".join((out / name).read_bytes() for name in names)
        shutil.rmtree(out)
    return elapsed, data


def compare(data: bytes, base: bytes) -> str:
    if data == base:
        return "same bytes"
    ours, theirs = data.splitlines(), base.splitlines()
    first = next((n for n, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), None)
    where = f"line {first + 1}" if first is not None else f"{len(ours)} vs {len(theirs)} lines"
    return f"DIFFERENT (first at {where})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--partition-size", default="1MB")
    args = parser.parse_args()
    cscoach = [sys.executable, "-m", "cscoach", "analyze"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, turns = distinct_corpus(folder)
        conversations = sum(1 for _ in corpus.open(encoding="utf-8"))
        address, procs = start_cluster(args.workers, folder)
        try:
            common = [str(corpus), "-f", "jsonl", "-q"]
            dask = [
                "--engine",
                "dask",
                "--scheduler",
                address,
                "--partition-size",
                args.partition_size,
            ]
            runs = {
                f"local engine, --jobs {args.workers}": (
                    [*cscoach, *common, "-j", str(args.workers)],
                    None,
                ),
                f"dask, {args.workers} workers, to stdout": ([*cscoach, *common, *dask], None),
                f"dask, {args.workers} workers, part files": (
                    [*cscoach, *common, *dask, "-o", f"{folder / 'parts'}/"],
                    folder / "parts",
                ),
            }
            times: dict[str, list[float]] = {name: [] for name in runs}
            outputs: dict[str, bytes] = {}
            for _ in range(args.repeat):  # interleaved, so load on the machine hits all alike
                for name, (command, out) in runs.items():
                    elapsed, data = timed(command, out)
                    times[name].append(elapsed)
                    outputs[name] = data
        finally:
            for proc in reversed(procs):
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
    base_name = next(iter(runs))
    base = statistics.median(times[base_name])
    print(f"distinct corpus: {conversations:,} conversations, {turns:,} turns; "
          f"partitions of {args.partition_size}; median of {args.repeat}")  # fmt: skip
    print("| run | wall time | conversations/s | vs local | output |")
    print("|---|---:|---:|---:|---|")
    for name in runs:
        median = statistics.median(times[name])
        same = compare(outputs[name], outputs[base_name])
        print(f"| {name} | {median:.1f} s | {conversations / median:,.0f} | "
              f"{base / median:.2f}x | {same} |")  # fmt: skip


if __name__ == "__main__":
    main()

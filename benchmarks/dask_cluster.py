"""`--engine dask` on a real cluster started with Dask's own command-line tools, against the
local engine, on a corpus of distinct conversations built at run time from ../shared/datasets.

Starts `dask scheduler` and N `dask worker --nthreads 1` processes on loopback, then times in one
run, interleaved (median of --repeat):

  - one JSON Lines file: cscoach analyze --jobs N (local engine, N processes), --engine dask to
    stdout, and --engine dask writing part files (-o DIR/)
  - the same conversations as one file per dataset: --jobs N, and --engine dask to stdout

with the default --partition-size (the plan decides how to split), and prints conversations per
second, the ratio dask/local (throughput; 1.00x is as fast as the local engine) and whether each
dask run wrote the same bytes as the local engine on the same files. On a shared machine the wall
times move with other people's load (printed before and after), so each dask run also shows how
its work spread, from the scheduler's task stream: the partitions analysed and the busiest
worker's share of the analysis time (1/N is even; 100% is one worker doing it all), which load
does not change. Before each dask run the workers are restarted and warmed up on the bundled
examples: long-lived workers with their imports done, but no memo of the corpus from the run
before (each local run starts with empty memos too).

With ``--baseline SRC`` (the ``src`` folder of another checkout, e.g. from ``git archive``), the
same runs of that code, on a second cluster whose workers import it, are interleaved with these
in the same run, and each is compared with its own local engine.

    python benchmarks/dask_cluster.py --workers 2 --repeat 3 --conversations 2400
    git archive 355bb75 | tar -x -C /tmp/base
    python benchmarks/dask_cluster.py --repeat 5 --baseline /tmp/base/src
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASETS = next(
    (p / "shared" / "datasets" for p in ROOT.parents if (p / "shared" / "datasets").is_dir()),
    ROOT.parent / "shared" / "datasets",
)
"""../shared/datasets, from the main checkout or from a worktree further down."""
SOURCES = ("stc3-dev.jsonl", "ibm-twitter-dev.jsonl", "cs-train.jsonl")


def corpus(folder: Path, conversations: int) -> tuple[Path, list[Path], int]:
    """The first ``conversations`` of SOURCES, each once with a unique id: as one file, and as
    one file per dataset (the same lines); returns both and the number of turns."""
    whole = folder / "corpus.jsonl"
    (folder / "files").mkdir()
    parts, turns, left = [], 0, conversations
    with whole.open("w", encoding="utf-8") as out:
        for name in SOURCES:
            with (DATASETS / name).open(encoding="utf-8") as source:
                lines = list(islice(source, left))
            if not lines:
                break
            part = folder / "files" / name
            with part.open("w", encoding="utf-8") as fh:
                for n, line in enumerate(lines):
                    conv = json.loads(line)
                    conv["id"] = f"{Path(name).stem}-{n}"
                    turns += len(conv["turns"])
                    text = json.dumps(conv, ensure_ascii=False) + "\n"
                    out.write(text)
                    fh.write(text)
            parts.append(part)
            left -= len(lines)
    return whole, parts, turns


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_cluster(
    workers: int, folder: Path, env: dict[str, str] | None = None
) -> tuple[str, list[subprocess.Popen]]:
    dask = Path(sys.executable).with_name("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (folder / f"cluster-{port}.log").open("w")
    scheduler = [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port)]
    procs = [
        subprocess.Popen([*scheduler, "--dashboard-address", ":0"], stdout=log, stderr=log, env=env)
    ]
    time.sleep(2)
    worker = [str(dask), "worker", address, "--nthreads", "1", "--nworkers", "1"]
    worker += ["--dashboard-address", ":0", "--local-directory", str(folder)]
    procs += [subprocess.Popen(worker, stdout=log, stderr=log, env=env) for _ in range(workers)]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, procs


def timed(
    args: list[str], out: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, bytes]:
    """Wall time and what the command wrote (stdout, or the joined part files)."""
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, check=False, env=env)
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


def spread(tasks: list[dict]) -> tuple[int, float]:
    """Partitions analysed, and the busiest worker's share of their compute time."""
    busy: dict[str, float] = {}
    analysed = [t for t in tasks if "run_partition" in str(t["key"])]
    for task in analysed:
        seconds = sum(
            s["stop"] - s["start"] for s in task["startstops"] if s["action"] == "compute"
        )
        busy[task["worker"]] = busy.get(task["worker"], 0.0) + seconds
    return len(analysed), max(busy.values()) / sum(busy.values())


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


@dataclass(frozen=True)
class Run:
    name: str
    command: list[str]
    baseline: str | None = None
    """The local run this one is compared with (None: it is a baseline)."""
    parts: Path | None = None
    code: Code | None = None
    """Whose code runs it (None: this checkout's, on the first cluster)."""


@dataclass(frozen=True)
class Code:
    """A checkout's ``src`` folder, run with it first on PYTHONPATH, and its own cluster."""

    src: Path
    address: str

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.src)}


def runs(
    cscoach: list[str],
    whole: Path,
    files: list[Path],
    address: str,
    args,
    folder: Path,
    code: Code | None = None,
) -> list[Run]:
    jobs = ["-j", str(args.workers)]
    dask = ["--engine", "dask", "--scheduler", address]
    if args.partition_size:
        dask += ["--partition-size", args.partition_size]
    one = [*cscoach, str(whole), "-f", "jsonl", "-q"]
    several = [*cscoach, *map(str, files), "-f", "jsonl", "-q"]
    who = "baseline " if code else ""
    local_one = f"{who}local, --jobs {args.workers}"
    local_several = f"{local_one}, {len(files)} files"
    parts = folder / f"{who.strip() or 'candidate'}-parts"
    on_dask = f"{who}dask, {args.workers} workers"
    one_file = [
        Run(local_one, [*one, *jobs], code=code),
        Run(f"{on_dask}, to stdout", [*one, *dask], local_one, code=code),
        Run(f"{on_dask}, part files", [*one, *dask, "-o", f"{parts}/"], local_one, parts, code),
    ]
    if len(files) == 1:
        return one_file
    return [
        *one_file,
        Run(local_several, [*several, *jobs], code=code),
        Run(f"{on_dask}, {len(files)} files", [*several, *dask], local_several, code=code),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=2400)
    parser.add_argument("--partition-size", help="passed on to --engine dask (default: its own)")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout's src folder, timed in the same run"
    )
    args = parser.parse_args()
    cscoach = [sys.executable, "-m", "cscoach", "analyze"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        whole, files, turns = corpus(folder, args.conversations)
        conversations = sum(1 for _ in whole.open(encoding="utf-8"))
        size = whole.stat().st_size
        address, procs = start_cluster(args.workers, folder)
        plan = runs(cscoach, whole, files, address, args, folder)
        if args.baseline:
            code = Code(args.baseline.resolve(), "")
            base_address, base_procs = start_cluster(args.workers, folder, code.env)
            procs += base_procs
            code = Code(code.src, base_address)
            plan += runs(cscoach, whole, files, base_address, args, folder, code)
        loads = [load()]
        from distributed import Client, get_task_stream

        try:
            warm_up = [str(ROOT / "transcripts_examples"), "-f", "jsonl", "-q", "--engine", "dask"]
            times: dict[str, list[float]] = {run.name: [] for run in plan}
            shares: dict[str, list[tuple[int, float]]] = {run.name: [] for run in plan}
            outputs: dict[str, bytes] = {}
            addresses = {run.code.address if run.code else address for run in plan}
            clients = {where: Client(where) for where in addresses}
            for _ in range(args.repeat):  # interleaved, so load hits all runs alike
                for run in plan:
                    env = run.code.env if run.code else None
                    where = run.code.address if run.code else address
                    client = clients[where]
                    if run.baseline:
                        client.restart()
                        timed([*cscoach, *warm_up, "--scheduler", where], env=env)
                    with get_task_stream(client) as stream:
                        elapsed, data = timed(run.command, run.parts, env)
                    times[run.name].append(elapsed)
                    outputs[run.name] = data
                    if run.baseline:
                        shares[run.name].append(spread(stream.data))
            loads.append(load())
            for client in clients.values():
                client.close()
        finally:
            for proc in reversed(procs):
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
    report(plan, times, shares, outputs, conversations, turns, size, files, args, loads)


def report(plan, times, shares, outputs, conversations, turns, size, files, args, loads) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"corpus: {conversations:,} distinct conversations, {turns:,} turns, {size / 1e6:.1f} MB "
          f"({', '.join(f.name for f in files)}); partition size: "
          f"{args.partition_size or 'default'}; median of {args.repeat}; load average "
          f"{loads[0]} before, {loads[1]} after, on {os.cpu_count()} cores")  # fmt: skip
    print(
        "| run | wall time | conversations/s | dask/local | partitions | busiest worker | output |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for run in plan:
        median = medians[run.name]
        ratio = f"{medians[run.baseline] / median:.2f}x" if run.baseline else "1.00x"
        base = run.baseline or run.name.removeprefix("baseline ")  # a local run: this checkout's
        same = compare(outputs[run.name], outputs[base]) if run.name != base else "baseline"
        count, busiest = "", ""
        if shares[run.name]:
            count = str(shares[run.name][-1][0])
            busiest = f"{statistics.median(b for _, b in shares[run.name]):.0%}"
        print(f"| {run.name} | {median:.2f} s | {conversations / median:,.0f} | {ratio} | "
              f"{count} | {busiest} | {same} |")  # fmt: skip
    for who in ("", "baseline "):
        mine = [r for r in plan if r.baseline and r.name.startswith(who) and (who or not r.code)]
        if not mine:
            continue
        identical = all(outputs[r.name] == outputs[r.baseline] for r in mine)
        worst = min(medians[r.baseline] / medians[r.name] for r in mine)
        print(f"{who or 'this checkout: '}worst dask/local: {worst:.2f}x (target >= 0.80x); "
              f"outputs identical: {'yes' if identical else 'NO'}")  # fmt: skip


if __name__ == "__main__":
    main()

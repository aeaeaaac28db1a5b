"""--engine dask against a real distributed.LocalCluster of worker processes: the same bytes
as the local engine, part files, worker loss, exit codes, URLs and Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cscoach.cli import app

distributed = pytest.importorskip("distributed")  # the dask extra; .ci/run installs it

EXAMPLES = Path(__file__).resolve().parents[1] / "transcripts_examples"
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


@pytest.fixture(scope="module")
def scheduler():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    yield cluster.scheduler_address
    cluster.close()


def cscoach(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def generated(path: Path, count: int = 240, crlf: bool = False, padding: int = 0) -> Path:
    """Real-looking conversations with the awkward lines a nightly export has: broken JSON,
    blank lines, lines without an id (their id comes from the line number), non-ASCII text;
    with ``padding``, that many bytes of metadata each (an export of big records)."""
    lines = []
    for n in range(count):
        if n % 37 == 5:
            lines.append("{broken json")
            continue
        conv: dict = {"id": f"g{n}", "turns": [
            {"role": "customer", "text": f"Order {n} never arrived — où est mon colis? 😡 I want a refund."},
            {"role": "agent", "text": f"I'm sorry about order {n}! I've refunded it; you'll see it in 3 days."},
            {"role": "customer", "text": "Thanks."}]}  # fmt: skip
        if n % 11 == 3:
            del conv["id"]
        if padding:
            conv["metadata"] = {"raw": "x" * padding}
        lines.append(json.dumps(conv, ensure_ascii=n % 2 == 0))
        if n % 50 == 7:
            lines.append("")
    end = "\r\n" if crlf else "\n"
    path.write_text(end.join(lines) + end, encoding="utf-8", newline="")
    return path


def test_bundled_examples_give_the_local_bytes(scheduler: str) -> None:
    for fmt in ("jsonl", "csv", "terminal"):
        local = cscoach("analyze", str(EXAMPLES), "-f", fmt, "-j", "1")
        dask = cscoach("analyze", str(EXAMPLES), "-f", fmt, "--engine", "dask", "--scheduler", scheduler)  # fmt: skip
        assert dask == local, fmt
        assert local[0] == 1  # two examples fail on purpose


@pytest.mark.parametrize("crlf", [False, True])
def test_a_split_jsonl_file_gives_the_local_bytes_and_line_numbers(
    scheduler: str, tmp_path: Path, crlf: bool
) -> None:
    source = generated(tmp_path / "export.jsonl", crlf=crlf)
    local = cscoach("analyze", str(source), "-f", "jsonl", "-j", "1", "--fail-under", "70")
    dask = cscoach("analyze", str(source), "-f", "jsonl", "--engine", "dask", "--scheduler",
                   scheduler, "--partition-size", "6kB", "--fail-under", "70")  # fmt: skip
    assert source.stat().st_size > 10 * 6000  # many partitions
    assert dask == local
    assert local[0] == 2 and ":6: invalid JSON" in local[2]  # a bad line is named by its number
    assert '"id":"export:4"' in local[1]  # an id made from the line number


def partition_count(source: Path, workers: int, largest: int) -> int:
    from cscoach.batch.plan import plan
    from cscoach.batch.sizing import Sizing

    return sum(1 for _ in plan([str(source)], Sizing(workers, largest)))


@pytest.mark.parametrize(  # --partition-size as a share of the file
    ("share", "partitions"), [(2.0, range(1, 2)), (0.7, range(2, 3)), (0.1, range(10, 12))]
)
def test_the_same_results_in_the_same_order_for_one_two_or_many_partitions(
    scheduler: str, tmp_path: Path, share: float, partitions: range
) -> None:
    source = generated(tmp_path / "export.jsonl")
    largest = int(source.stat().st_size * share)
    assert partition_count(source, 2, largest) in partitions
    local = cscoach("analyze", str(source), "-f", "jsonl", "-j", "1", "--fail-under", "70")
    dask = cscoach("analyze", str(source), "-f", "jsonl", "--engine", "dask", "--scheduler",
                   scheduler, "--partition-size", str(largest), "--fail-under", "70")  # fmt: skip
    assert dask == local
    assert len(local[1].splitlines()) > 200 and local[0] == 2  # results, and the bad lines named


def test_a_one_megabyte_export_keeps_every_worker_busy(scheduler: str, tmp_path: Path) -> None:
    """With the default --partition-size (64MB) a 1 MB export is still cut into two partitions
    per worker, and both workers analyse some: the result is the local engine's."""
    source = generated(tmp_path / "export.jsonl", count=120, padding=9000)
    assert source.stat().st_size > 2**20 and partition_count(source, 2, 64 * 2**20) == 4
    local = cscoach("analyze", str(source), "-f", "jsonl", "-j", "1")
    with distributed.Client(scheduler) as client, distributed.get_task_stream(client) as stream:
        dask = cscoach("analyze", str(source), "-f", "jsonl", "--engine", "dask", "--scheduler", scheduler)  # fmt: skip
    tasks = stream.data
    workers = {t["worker"] for t in tasks if "run_partition" in str(t["key"])}
    assert dask == local and local[0] == 2  # the broken lines are named, as locally
    assert len(workers) == 2, tasks


def test_line_numbers_are_counted_before_any_analysis_and_never_wait_on_it(
    scheduler: str, tmp_path: Path
) -> None:
    """Each range's first line is a plain number by the time its analysis is submitted: no
    range waits on a count queued behind another range's analysis, or on a transfer."""
    import io

    from cscoach.batch.dask_engine import first_lines, range_text
    from cscoach.batch.plan import plan
    from cscoach.batch.sizing import Sizing

    source = generated(tmp_path / "export.jsonl", count=60)
    parts = list(plan([str(source), str(EXAMPLES / "billing_double_charge.json")], Sizing(2, 2000)))
    whole = list(io.StringIO(source.read_text(encoding="utf-8"), newline=""))
    with distributed.Client(scheduler) as client:
        firsts = first_lines(client, parts)
    assert len(parts) > 5 and parts[-1].chunk == 0  # the second input is one whole partition
    for part in parts[:-1]:
        lines = list(io.StringIO(range_text(part), newline=""))
        first = firsts[part.index]
        assert isinstance(first, int) and whole[first - 1 : first - 1 + len(lines)] == lines
    assert firsts[parts[-1].index] == 1


def test_an_unreadable_range_fails_the_ranges_after_it_not_the_run(
    scheduler: str, tmp_path: Path
) -> None:
    from cscoach.batch.dask_engine import first_lines
    from cscoach.batch.plan import Partition

    missing = str(tmp_path / "gone.jsonl")
    parts = [
        Partition(n, missing, path=missing, start=n * 10, length=10, chunk=n) for n in range(3)
    ]
    with distributed.Client(scheduler) as client:
        firsts = first_lines(client, parts)
        assert firsts[0] == 1
        for n in (1, 2):
            assert firsts[n].status == "error"
            assert isinstance(firsts[n].exception(), FileNotFoundError)


def test_the_analyzer_sent_to_workers_names_the_built_ins_and_carries_the_rest() -> None:
    """Scattered to every worker at each run: the built-in rules and models go as their names,
    so a worker process compiles them once and reuses them in every later run; rules and models
    of a team's own travel whole."""
    import pickle

    from cscoach.analyzer import Analyzer
    from cscoach.config import Settings
    from cscoach.rules.engine import builtin_rules
    from cscoach.tagger.weights import builtin_model

    analyzer = Settings().analyzer()
    data = pickle.dumps(analyzer)
    assert len(data) < 1000  # not megabytes of compiled rules and model weights
    landed = pickle.loads(data)
    assert landed.rules is builtin_rules() and landed.model is builtin_model()
    assert landed.request_model is builtin_model("requests")
    assert landed.upset_model is builtin_model("upset")
    own = Analyzer(builtin_rules().without(["apology.sorry"]), {"empathy": 2.0}, ["x.y"], None)
    copy = pickle.loads(pickle.dumps(own))
    assert copy.rules is not builtin_rules() and "apology.sorry" not in copy.rules.by_id
    assert (copy.weights, copy.critical, copy.model) == (own.weights, own.critical, None)
    assert copy.request_model is builtin_model("requests")


def test_the_plan_is_sized_for_the_cluster_not_for_jobs(scheduler: str) -> None:
    from cscoach.batch.dask_engine import cluster_sizing

    with distributed.Client(scheduler) as client:
        sizing = cluster_sizing(client, workers=7, partition_bytes=5000)
    assert (sizing.workers, sizing.largest) == (2, 5000)  # the fixture's two worker threads


def test_part_files_with_success_marker_and_summary(scheduler: str, tmp_path: Path) -> None:
    source = generated(tmp_path / "export.jsonl")
    local = cscoach("analyze", str(source), "-f", "jsonl", "-j", "1")
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"parts-{fmt}"
        code, stdout, stderr = cscoach(
            "analyze", str(source), "-f", fmt, "--engine", "dask", "--scheduler", scheduler,
            "--partition-size", "20kB", "-o", f"{out}/",
        )  # fmt: skip
        assert (code, stdout, stderr) == (local[0], "", local[2])
        listed = (out / "_SUCCESS").read_text(encoding="utf-8").split()
        assert len(listed) > 2 and sorted(p.name for p in out.iterdir()) == sorted(
            [*listed, "_SUCCESS"]
        )
        if fmt == "jsonl":
            joined = "".join((out / name).read_text(encoding="utf-8") for name in listed)
            assert joined == local[1]
            summary = cscoach("summary", str(out), "-f", "json")
            assert summary[0] == 0
            assert json.loads(summary[1])["conversations"] == len(local[1].splitlines())
        else:
            first = (out / listed[0]).read_text(encoding="utf-8").splitlines()[0]
            assert all((out / n).read_text(encoding="utf-8").startswith(first) for n in listed)


def test_a_folder_output_needs_the_dask_engine_and_a_line_format(tmp_path: Path) -> None:
    code, _, err = cscoach("analyze", str(EXAMPLES), "-f", "jsonl", "-o", f"{tmp_path}/")
    assert code == 2 and "needs --engine dask" in err
    code, _, err = cscoach("analyze", str(EXAMPLES), "--engine", "dask", "-f", "html", "-o", f"{tmp_path}/")  # fmt: skip
    assert code == 2 and "-f jsonl or csv" in err


def test_unreadable_inputs_are_named_and_the_rest_completes(scheduler: str, tmp_path: Path) -> None:
    good = generated(tmp_path / "good.jsonl", count=20)
    bad = tmp_path / "bad.json"
    bad.write_text('{"turns": [', encoding="utf-8")
    args = [str(good), str(tmp_path / "missing.jsonl"), str(bad)]
    local = cscoach("analyze", *args, "-f", "jsonl", "-j", "1")
    dask = cscoach("analyze", *args, "-f", "jsonl", "--engine", "dask", "--scheduler", scheduler)
    assert dask == local and local[0] == 2
    assert (
        "missing.jsonl: no such file or directory" in local[2]
        and "bad.json: invalid JSON" in local[2]
    )


def test_fsspec_urls_are_read_by_the_workers(scheduler: str, tmp_path: Path) -> None:
    source = generated(tmp_path / "export.jsonl", count=30)
    local = cscoach("analyze", str(source), "-f", "jsonl", "-j", "1")
    code, stdout, _ = cscoach("analyze", f"file://{tmp_path}/*.jsonl", "-f", "jsonl", "--engine",
                              "dask", "--scheduler", scheduler, "--partition-size", "3kB")  # fmt: skip
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert code == local[0] and [r["id"] for r in rows] == [
        json.loads(x)["id"] for x in local[1].splitlines()
    ]
    assert rows[0]["source"] == f"file://{source}"


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    source = generated(tmp_path / "export.jsonl", count=900)
    local = cscoach("analyze", str(source), "-f", "jsonl", "-j", "1")
    out = tmp_path / "parts"
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    killed: list[int] = []

    def kill_one_worker() -> None:
        with distributed.Client(cluster.scheduler_address) as client:
            while not (out.exists() and any(out.glob("part-*"))):
                time.sleep(0.05)
            pid = next(iter(client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    try:
        code, _, stderr = cscoach(
            "analyze", str(source), "-f", "jsonl", "--engine", "dask", "--scheduler",
            cluster.scheduler_address, "--partition-size", "8kB", "-o", f"{out}/",
        )  # fmt: skip
    finally:
        killer.join(timeout=60)
        cluster.close()
    assert killed, "a worker was killed during the run"
    listed = (out / "_SUCCESS").read_text(encoding="utf-8").split()
    assert "".join((out / name).read_text(encoding="utf-8") for name in listed) == local[1]
    assert code == local[0] and stderr == local[2]


def test_ctrl_c_keeps_the_finished_parts_and_writes_no_marker(tmp_path: Path) -> None:
    source = generated(tmp_path / "export.jsonl", count=3000)
    out = tmp_path / "parts"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cscoach", "analyze", str(source), "-f", "jsonl", "--engine", "dask",
         "-j", "2", "--partition-size", "8kB", "-o", f"{out}/"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not (out.exists() and len(list(out.glob("part-*"))) >= 2):
        assert proc.poll() is None and time.monotonic() < deadline, (
            proc.stderr.read() if proc.stderr else ""
        )
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and not (out / "_SUCCESS").exists()
    parts = sorted(out.glob("part-*"))
    assert parts and all(p.read_text(encoding="utf-8").endswith("}\n") for p in parts)
    assert not list(out.glob(".*.tmp"))


def test_summary_on_the_cluster_matches_the_local_summary(scheduler: str, tmp_path: Path) -> None:
    """Workers reduce their partitions (saved results, a part folder, or transcripts they
    analyse) and the client merges them: the same tables, themes and quotes as one machine."""
    source = generated(tmp_path / "export.jsonl", count=120)
    saved = tmp_path / "results.jsonl"
    saved.write_text(cscoach("analyze", str(source), "-f", "jsonl", "-j", "1")[1], encoding="utf-8")
    parts = tmp_path / "parts"
    cscoach("analyze", str(source), "-f", "jsonl", "--engine", "dask", "--scheduler", scheduler,
            "--partition-size", "5kB", "-o", f"{parts}/")  # fmt: skip
    local = cscoach("summary", str(saved), "-f", "json", "--fail-under", "70")
    assert local[0] == 0 and json.loads(local[1])["conversations"] > 100
    for inputs in ([str(saved)], [str(parts)], [str(source)]):
        on_cluster = cscoach("summary", *inputs, "-f", "json", "--fail-under", "70", "--engine",
                             "dask", "--scheduler", scheduler, "--partition-size", "4kB")  # fmt: skip
        if inputs == [str(source)]:  # transcripts: the bad lines are named, as locally
            assert on_cluster == cscoach("summary", str(source), "-f", "json", "--fail-under", "70")
        else:
            assert on_cluster == local, inputs


def test_url_inputs_read_like_local_files_slack_mbox_and_eml_threads(
    scheduler: str, tmp_path: Path
) -> None:
    """A URL is fetched by the worker to a temporary copy, so the readers that need files (a
    Slack export folder, an mbox archive, .eml files threaded together) work as they do locally,
    and reports name the URL."""
    import shutil

    from test_vendor_readers import eml

    shutil.copytree(EXAMPLES / "slack_export", tmp_path / "slack_export")
    shutil.copy(EXAMPLES / "support_mailbox.mbox", tmp_path / "support_mailbox.mbox")
    eml(
        tmp_path,
        "1.eml",
        sender="Ana <ana@x.example>",
        subject="Broken lamp",
        date="Mon, 4 May 2026 08:00:00 +0000",
        mid="a1@x",
        body="The lamp arrived broken.",
    )
    eml(tmp_path, "2.eml", sender="Sofia <sofia@shop.example>", subject="RE: Broken lamp",
        date="Mon, 4 May 2026 09:00:00 +0000", mid="s1@shop", extra="In-Reply-To: <a1@x>\n",
        body="Hi Ana, I'm sorry. I've refunded it.")  # fmt: skip
    local = cscoach(
        "analyze", str(tmp_path), "-f", "jsonl", "-j", "1", "--agent-domain", "shop.example"
    )
    url = cscoach("analyze", f"file://{tmp_path}", "-f", "jsonl", "--engine", "dask",
                  "--scheduler", scheduler, "--agent-domain", "shop.example")  # fmt: skip
    assert url[0] == local[0] and "error" not in url[2]
    by_url = [json.loads(line) for line in url[1].splitlines()]
    by_path = [json.loads(line) for line in local[1].splitlines()]
    assert len(by_url) == len(by_path) >= 3
    for ours, theirs in zip(by_url, by_path, strict=True):
        assert ours["source"] == f"file://{theirs['source']}"
        assert {**ours, "source": ""} == {**theirs, "source": ""}


def _configure_s3(env: dict[str, str], endpoint: str) -> None:
    import fsspec.config

    os.environ.update(env)
    fsspec.config.conf["s3"] = {"endpoint_url": endpoint}


def test_object_storage_in_and_out_through_fsspec(
    scheduler: str, tmp_path: Path, monkeypatch
) -> None:
    """s3:// against a local S3 (moto's server, on loopback): the workers read the exports and
    write the part files there, and the summary reads them back."""
    pytest.importorskip("s3fs")
    server_module = pytest.importorskip("moto.server")
    import s3fs

    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{server._server.server_port}"
        env = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
               "AWS_DEFAULT_REGION": "us-east-1", "FSSPEC_S3_ENDPOINT_URL": endpoint}  # fmt: skip
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        import fsspec.config

        # fsspec reads FSSPEC_S3_* when imported, and it already is: set its config as well,
        # here and on the workers (a real cluster gets both from its deployment)
        monkeypatch.setitem(fsspec.config.conf, "s3", {"endpoint_url": endpoint})
        with distributed.Client(scheduler) as client:
            client.run(_configure_s3, env, endpoint)
        fs = s3fs.S3FileSystem(endpoint_url=endpoint)
        fs.mkdir("acme-qa")
        source = generated(tmp_path / "export.jsonl", count=80)
        fs.put(str(source), "acme-qa/exports/export.jsonl")
        local = cscoach("analyze", str(source), "-f", "jsonl", "-j", "1")
        code, out, err = cscoach("analyze", "s3://acme-qa/exports/", "--engine", "dask", "--scheduler",
                                 scheduler, "-f", "jsonl", "--partition-size", "4kB", "-o",
                                 "s3://acme-qa/results/")  # fmt: skip
        assert (code, out) == (local[0], ""), (err, out)
        assert err == local[2].replace(str(source), "s3://acme-qa/exports/export.jsonl")
        names = fs.cat("acme-qa/results/_SUCCESS").decode().split()
        joined = b"".join(fs.cat(f"acme-qa/results/{name}") for name in names).decode()
        assert joined == local[1].replace(str(source), "s3://acme-qa/exports/export.jsonl")
        summary = cscoach(
            "summary", "s3://acme-qa/results/", "--engine", "dask", "-j", "2", "-f", "json"
        )
        assert json.loads(summary[1])["conversations"] == len(local[1].splitlines())
    finally:
        server.stop()


def test_urls_and_schedulers_need_the_dask_engine() -> None:
    for command in ("analyze", "summary"):
        code, _, err = cscoach(command, "s3://acme-qa/exports/x.jsonl")
        assert code == 2 and "URL inputs need --engine dask" in err
    code, _, err = cscoach("analyze", str(EXAMPLES), "--scheduler", "tcp://127.0.0.1:8786")
    assert code == 2 and "need --engine dask" in err

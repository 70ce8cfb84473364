"""The whole nightly sync at scale: wall time and peak memory per stage, and matching quality.

    .venv/bin/python benchmarks/sync_scale.py --records 100000 200000 500000 1000000

For each size: writes the demo company's sources (kept in --workdir, so a second call reuses
them), runs the Dagster sync job in a process of its own (peak RSS is that process's), and prints
per stage the wall seconds and the peak RSS sampled while the stage ran, then pairwise precision
and recall against the generator's ground truth, and hard-negative violations (customers holding
records of two true customers of one same-name, same-company-other-branch or shared-landline
group). Then the same sync again with nothing changed,
and once more after 1 % of the records changed in the legacy CRM (a new address, as a night
brings). A stage is a Dagster step; `read` is every source's step together, `checks` every
asset check's.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
from sync_quality import published_quality

from assets.publishing import RECORDS_RECONCILE_CHECK
from assets.quality import PUBLISHABLE_CHECK, RAW_SOURCES_CHECK, STANDARDISED_CHECK
from pipelines.demo_data import generate_demo_sources
from pipelines.settings import DEMO_REGISTRY

CHECK_NAMES = (RAW_SOURCES_CHECK, STANDARDISED_CHECK, PUBLISHABLE_CHECK, RECORDS_RECONCILE_CHECK)
SAMPLE_SECONDS = 0.05
CHANGED_SHARE = 0.01
RUNS = ("full", "unchanged", "1%_changed")


class MemorySampler(threading.Thread):
    """The process's resident set size every SAMPLE_SECONDS, with the time it was read."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int]] = []
        self.page = resource.getpagesize()
        self._done = threading.Event()

    def run(self) -> None:
        with open("/proc/self/statm") as statm:
            while not self._done.is_set():
                statm.seek(0)
                self.samples.append((time.time(), int(statm.read().split()[1]) * self.page))
                self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def peak_between(self, start: float, end: float) -> int:
        return max((rss for at, rss in self.samples if start <= at <= end), default=0)


def stage_of(step: str, checks: set[str]) -> str:
    if step.startswith("raw_"):
        return "read"
    return "checks" if step in checks else step


def measure_run(registry: Path, database: Path) -> dict[str, object]:
    """Runs in the child process: the sync once, its stages' seconds and peak memory."""
    import dagster as dg

    from assets.definitions import build_definitions
    from assets.schedules import CUSTOMER_SYNC_JOB

    sampler = MemorySampler()
    sampler.start()
    started = time.perf_counter()
    job = build_definitions(registry, database).resolve_job_def(CUSTOMER_SYNC_JOB)
    instance = dg.DagsterInstance.ephemeral()
    result = job.execute_in_process(
        instance=instance, run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    )
    seconds = time.perf_counter() - started
    sampler.stop()
    checks = {
        step
        for step in begun_steps(instance, result.run_id)
        if any(step.endswith(name) for name in CHECK_NAMES)
    }
    begun: dict[str, float] = {}
    stages: dict[str, dict[str, float]] = {}
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            begun[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            stage = stages.setdefault(stage_of(event.step_key, checks), {"seconds": 0.0, "peak_rss_mb": 0.0})
            start = begun[event.step_key]
            stage["seconds"] += entry.timestamp - start
            peak = sampler.peak_between(start, entry.timestamp) / 2**20
            stage["peak_rss_mb"] = max(stage["peak_rss_mb"], peak)
    return {
        "success": result.success,
        "seconds": seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stages": stages,
    }


def begun_steps(instance, run_id: str) -> list[str]:
    return [
        entry.dagster_event.step_key
        for entry in instance.all_logs(run_id)
        if entry.dagster_event is not None and entry.dagster_event.event_type_value == "STEP_START"
    ]


def run_in_child(registry: Path, database: Path) -> dict[str, object]:
    output = subprocess.run(
        [sys.executable, __file__, "--measure-run", str(registry), str(database)],
        check=True,
        capture_output=True,
        text=True,
        cwd=PROJECT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def quality(root: Path, database: Path) -> dict[str, float]:
    scores, violations = published_quality(root / "data", database)
    return {"precision": scores.precision, "recall": scores.recall, "hard_negative_violations": violations}


def change_crm_records(root: Path, count: int, seed: int) -> int:
    """A new address on `count` records of the legacy CRM (all of them if it holds fewer); the
    CRM as generated is kept beside it, and put back by the next full run."""
    crm_file = root / "data" / "legacy_crm.sqlite"
    shutil.copy(crm_file, crm_file.with_suffix(".generated"))
    with sqlite3.connect(crm_file) as crm:
        rowids = [row for (row,) in crm.execute("SELECT rowid FROM T_KH")]
        chosen = random.Random(seed).sample(rowids, min(count, len(rowids)))
        crm.executemany(
            "UPDATE T_KH SET TXDZ = ? WHERE rowid = ?",
            [(f"上海市浦东新区张江路{100 + n}号", rowid) for n, rowid in enumerate(chosen)],
        )
    return len(chosen)


def demo_company(records: int, seed: int, workdir: Path) -> Path:
    root = workdir / f"demo_{records}_{seed}"
    if not (root / "data" / "ground_truth.csv").exists():
        shutil.rmtree(root, ignore_errors=True)
        (root / "data").mkdir(parents=True)
        started = time.perf_counter()
        generate_demo_sources(root / "data", records=records, seed=seed)
        print(f"generated {records} records in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    shutil.copy(DEMO_REGISTRY, root / "sources.yaml")
    generated_crm = root / "data" / "legacy_crm.generated"
    if generated_crm.exists():  # changed by the last 1%-changed run
        generated_crm.replace(root / "data" / "legacy_crm.sqlite")
    return root


def measure_size(records: int, seed: int, workdir: Path) -> list[dict[str, object]]:
    root = demo_company(records, seed, workdir)
    # A fresh warehouse and read cache: the full run reads everything.
    for stale in (root / "hub.duckdb", root / "read_cache"):
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
    for leftover in root.glob("hub*"):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
    database = root / "hub.duckdb"
    rows = []
    for run in RUNS:
        if run == "1%_changed":
            changed = change_crm_records(root, int(records * CHANGED_SHARE), seed)
            print(f"changed {changed} CRM records", file=sys.stderr)
        figures = run_in_child(root / "sources.yaml", database)
        assert figures["success"], f"the {run} sync failed at {records} records"
        rows.append({"records": records, "run": run, **figures, **quality(root, database)})
        print(f"{records} {run}: {figures['seconds']:.1f} s", file=sys.stderr)
    return rows


def print_figures(rows: list[dict[str, object]]) -> None:
    summary = pd.DataFrame(
        [
            {
                "records": row["records"],
                "run": row["run"],
                "seconds": round(row["seconds"], 1),
                "share_of_full": round(row["seconds"] / full["seconds"], 3),
                "peak_rss_mb": round(row["peak_rss_mb"]),
                "precision": round(row["precision"], 4),
                "recall": round(row["recall"], 4),
                "hard_negative_violations": row["hard_negative_violations"],
            }
            for row in rows
            for full in [next(r for r in rows if r["records"] == row["records"] and r["run"] == "full")]
        ]
    )
    print(summary.to_string(index=False))
    stages = pd.DataFrame(
        [
            {"records": row["records"], "run": row["run"], "stage": stage, **figures}
            for row in rows
            for stage, figures in row["stages"].items()
        ]
    )
    print()
    print(
        stages.pivot_table(index=["records", "run"], columns="stage", values="seconds", sort=False)
        .round(1)
        .to_string()
    )
    print()
    print(
        stages.pivot_table(index=["records", "run"], columns="stage", values="peak_rss_mb", sort=False)
        .round(0)
        .astype(int)
        .to_string()
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 200_000, 500_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path("benchmarks") / "work")
    parser.add_argument("--measure-run", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_run:
        print(json.dumps(measure_run(*args.measure_run)))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = [
        row for records in args.records for row in measure_size(records, args.seed, args.workdir.resolve())
    ]
    print_figures(rows)


if __name__ == "__main__":
    main()

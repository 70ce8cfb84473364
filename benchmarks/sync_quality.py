"""Matching quality and speed of the whole sync on generated demo companies of several sizes.

    .venv/bin/python benchmarks/sync_quality.py --records 10000 100000

For each size: writes the demo sources, runs the Dagster sync job in process, and prints pairwise
precision, recall and F1 against the generator's ground truth, hard-negative violations, wall time
of the run and the process's peak memory so far.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from assets.definitions import build_definitions
from assets.schedules import CUSTOMER_SYNC_JOB
from pipelines.demo_data import generate_demo_sources, read_ground_truth
from pipelines.evaluation import PairwiseScores, pairwise_scores
from pipelines.settings import DEMO_REGISTRY


def measure(records: int, seed: int, workdir: Path) -> dict[str, object]:
    root = workdir / f"demo_{records}"
    root.mkdir()
    shutil.copy(DEMO_REGISTRY, root / "sources.yaml")
    generate_demo_sources(root / "data", records=records, seed=seed)
    database = root / "hub.duckdb"
    result, seconds = run_sync(root / "sources.yaml", database)
    assert result.success, f"sync failed at {records} records"

    scores, violations = published_quality(root / "data", database)
    return {
        "records": records,
        "precision": f"{scores.precision:.4f}",
        "recall": f"{scores.recall:.4f}",
        "f1": f"{scores.f1:.4f}",
        "hard_negative_violations": violations,
        "seconds": f"{seconds:.1f}",
        "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def published_quality(data: Path, database: Path) -> tuple[PairwiseScores, int]:
    """Pairwise scores of the published customers against the generator's ground truth in
    `data`, and hard-negative violations: customers holding records of two true customers of one
    same-name, same-company-other-branch or shared-landline group."""
    truth = read_ground_truth(data)
    with duckdb.connect(str(database), read_only=True) as connection:
        links = connection.execute("SELECT record_key, customer_id FROM customer_sources").df()
    linked = truth[truth["true_customer_id"] != ""].merge(links, on="record_key")
    negatives = linked[linked["hard_negative_group"] != ""]
    violations = int(
        (negatives.groupby(["hard_negative_group", "customer_id"])["true_customer_id"].nunique() > 1).sum()
    )
    return pairwise_scores(linked["true_customer_id"], linked["customer_id"]), violations


def run_sync(registry_file: Path, database: Path) -> tuple[dg.ExecuteInProcessResult, float]:
    """The sync job run in process on the registry's sources into `database`, and its wall seconds."""
    job = build_definitions(registry_file, database).resolve_job_def(CUSTOMER_SYNC_JOB)
    started = time.perf_counter()
    result = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
    )
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        rows = [measure(records, args.seed, Path(workdir)) for records in args.records]
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()

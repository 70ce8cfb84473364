"""Validate a frame against a suite with Great Expectations, keep the results for the warehouse's
dq_results table, and refresh the Data Docs auditors read.

Great Expectations takes seconds to import, so it is imported here, when a check runs, and never
when Dagster loads the code location."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from expectations.spec import CRITICAL, Expectation
from pipelines.stage_cache import StageCache, frame_digest, stage_key

DQ_COLUMNS = [
    "run_id",
    "checked_at",
    "stage",
    "asset",
    "suite",
    "expectation",
    "column_name",
    "severity",
    "success",
    "element_count",
    "unexpected_count",
    "observed",
    "details",
]
DATA_DOCS_FOLDER = "data_docs"
# Unexpected values kept per failed expectation: enough to see the problem, few enough not to
# copy customer data into the audit trail wholesale.
UNEXPECTED_SAMPLE = 5


@dataclass(frozen=True)
class SuiteOutcome:
    results: pd.DataFrame  # DQ_COLUMNS, one row per expectation

    @property
    def critical_failures(self) -> int:
        return int((~self.results["success"] & (self.results["severity"] == CRITICAL)).sum())

    @property
    def warnings_failed(self) -> int:
        return int((~self.results["success"] & (self.results["severity"] != CRITICAL)).sum())

    @property
    def passed(self) -> bool:
        return self.critical_failures == 0


@dataclass(frozen=True)
class FrameCheck:
    """A frame to validate against a suite, and where its results belong."""

    frame: pd.DataFrame
    suite: str
    expectations: list[Expectation]
    stage: str
    asset: str


def validate(
    checks: list[FrameCheck], *, run_id: str, project_dir: Path, kept: StageCache | None = None
) -> SuiteOutcome:
    """Run each check's expectations on its frame, store the results where Data Docs show them
    (`project_dir/data_docs/index.html`, built once for all of them: a build renders its templates
    anew and takes seconds), and return one dq_results row per expectation.

    With `kept`, a check of the very frame content and expectations an earlier run validated
    is not run again: its results are recorded for this run, each row's details naming the run
    that validated that content (`same_data_as_run`)."""
    checked_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frames, keys, rows = {}, {}, []
    for number, check in enumerate(checks):
        frames[number] = _checked_columns(check)
        keys[number] = _check_key(frames[number], check)
        earlier = kept.get(_check_stage(check), keys[number]) if kept else None
        if earlier is not None:
            rows.extend(_carried_over(earlier, run_id, checked_at))
            del frames[number]
    if frames:
        rows.extend(_run_checks(checks, frames, keys, run_id, checked_at, project_dir, kept))
    return SuiteOutcome(pd.DataFrame(rows, columns=DQ_COLUMNS))


def _run_checks(checks, frames, keys, run_id, checked_at, project_dir, kept) -> list[dict]:
    """Great Expectations on the frames of `checks` at the positions in `frames`."""
    from great_expectations.core.run_identifier import RunIdentifier

    context = _context(project_dir)
    rows, identifiers = [], []
    for number, frame in frames.items():
        check = checks[number]
        run = _checkpoint(context, check).run(
            batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=f"{run_id} {check.asset}")
        )
        identifiers.extend(run.run_results)
        found = [
            _result_row(result, run_id, checked_at, check.stage, check.asset, check.suite)
            for validation in run.run_results.values()
            for result in validation.results
        ]
        if kept:
            kept.put(_check_stage(check), keys[number], found)
        rows.extend(found)
    context.build_data_docs(resource_identifiers=identifiers)
    return rows


def _check_stage(check: FrameCheck) -> str:
    return f"check_{check.suite}.{check.asset}"


def _check_key(frame: pd.DataFrame, check: FrameCheck) -> str:
    described = json.dumps(
        [(e.type, e.severity, e.kwargs) for e in check.expectations], sort_keys=True, default=str
    )
    return stage_key(frame_digest(frame), check.suite, check.stage, described)


def _carried_over(earlier: list[dict], run_id: str, checked_at: dt.datetime) -> list[dict]:
    rows = []
    for row in earlier:
        details = json.loads(row["details"])
        details.setdefault("same_data_as_run", row["run_id"])
        rows.append(
            row
            | {"run_id": run_id, "checked_at": checked_at, "details": json.dumps(details, ensure_ascii=False)}
        )
    return rows


def _checkpoint(context, check: FrameCheck):
    """The check's suite, a fresh in-memory data source (the frame is handed over on every run)
    and the checkpoint that validates one such frame."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    name = f"{check.suite}.{check.asset}"
    gx_suite = context.suites.add_or_update(gx.ExpectationSuite(name=name))
    for expectation in check.expectations:
        gx_suite.add_expectation_configuration(
            ExpectationConfiguration(
                type=expectation.type, kwargs=expectation.kwargs, meta={"severity": expectation.severity}
            )
        )
    gx_suite.save()
    source = context.data_sources.add_or_update_pandas("customer_hub")
    batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole_frame")
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=name, data=batch, suite=gx_suite)
    )
    return context.checkpoints.add_or_update(
        gx.Checkpoint(name=name, validation_definitions=[definition], result_format="SUMMARY")
    )


def _checked_columns(check: FrameCheck) -> pd.DataFrame:
    """Only the columns the expectations name: Great Expectations hashes and filters every column
    of the frame it is given (a table-level expectation needs one column to count rows)."""
    named = list(dict.fromkeys(e.kwargs["column"] for e in check.expectations if "column" in e.kwargs))
    return check.frame[named or list(check.frame.columns[:1])]


def _result_row(result, run_id: str, checked_at: dt.datetime, stage: str, asset: str, suite: str) -> dict:
    """One dq_results row from a Great Expectations result (which need not come back in the
    suite's order)."""
    config, outcome = result.expectation_config, result.result or {}
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    observed = outcome.get("observed_value")
    if observed is None and outcome.get("unexpected_percent") is not None:
        observed = f"{outcome['unexpected_percent']:.2f}% unexpected"
    details = {
        "kwargs": kwargs,
        "unexpected_sample": [
            str(v) for v in (outcome.get("partial_unexpected_list") or [])[:UNEXPECTED_SAMPLE]
        ],
    }
    if result.exception_info and result.exception_info.get("raised_exception"):
        details["exception"] = result.exception_info.get("exception_message")
    return {
        "run_id": run_id,
        "checked_at": checked_at,
        "stage": stage,
        "asset": asset,
        "suite": suite,
        "expectation": config.type,
        "column_name": kwargs.get("column"),
        "severity": config.meta["severity"],
        "success": bool(result.success),
        "element_count": outcome.get("element_count"),
        "unexpected_count": outcome.get("unexpected_count"),
        "observed": None if observed is None else str(observed),
        "details": json.dumps(details, ensure_ascii=False, default=str),
    }


def _context(project_dir: Path):
    """A file-backed context in `project_dir/gx`, so that Data Docs keep every run's results."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no telemetry calls from a closed network
    project_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(project_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    docs = str(project_dir / DATA_DOCS_FOLDER)
    site = context.list_data_docs_sites().get("local_site", {})
    if site.get("store_backend", {}).get("base_directory") != docs:
        if site:
            context.delete_data_docs_site("local_site")
        context.add_data_docs_site(
            "local_site",
            {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": docs},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context

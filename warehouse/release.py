"""Switching readers to a new version of the warehouse, atomically, while they keep reading.

DuckDB allows one writer per file, and a reader's connection, even read-only, keeps the writer
out. So the pipeline never writes the file departments open: it writes its own work database,
and releases a finished run by copying that database into a new version file and pointing the
readers' path, a symbolic link, at it. Replacing a link is atomic, so a new connection opens the
previous version or the new one, never a mix; a connection already open keeps its version (the
file stays readable until its last reader closes it, even once pruned); a run killed at any point
leaves the link on the last version it released.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb

from warehouse.views import quote_identifier, quote_literal

# Versions kept beside the current one, to go back to one by pointing the link at it.
KEEP_VERSIONS = 3
PARTIAL_SUFFIX = ".partial"


def work_database_path(live: Path) -> Path:
    """The pipeline's own database beside the readers' one: customer_hub.work.duckdb."""
    return live.with_name(f"{live.stem}.work{live.suffix}")


def versions_folder(live: Path) -> Path:
    return live.with_name(f"{live.stem}.versions")


def prepare_work_database(live: Path) -> Path:
    """The work database; where there is none, made from what readers see (the released version, or
    a warehouse of the layout before releases: a plain file at the readers' path), so that its
    history and customer IDs carry on."""
    work = work_database_path(live)
    if not work.exists() and live.exists():
        shutil.copyfile(live, work)
    return work


def release(work: duckdb.DuckDBPyConnection, live: Path, version: str) -> Path:
    """Copy the work database (`work`, its read-write connection) into a new version file and
    switch `live` to it; returns the version file."""
    source = work.execute("SELECT current_database()").fetchone()[0]
    return _release_version(
        work,
        live,
        version,
        lambda: work.execute(f"COPY FROM DATABASE {quote_identifier(source)} TO release_copy"),
    )


def release_check_results(work: duckdb.DuckDBPyConnection, live: Path, version: str, run_id: str) -> Path:
    """For a run held back by its checks: a new version that is the released one plus the run's
    check results. Not a copy of the work database, which may hold a publish that was never
    released (its reconciliation failed, or the run stopped before releasing). With nothing
    released yet, the work database is released as it is."""
    if not live.exists():
        return release(work, live, version)
    released = live.resolve()

    def add_results() -> None:
        # A run's results replace any an earlier check of the same run released.
        run = quote_literal(run_id)
        work.execute(f"DELETE FROM release_copy.dq_results WHERE run_id = {run}")
        work.execute(f"INSERT INTO release_copy.dq_results SELECT * FROM dq_results WHERE run_id = {run}")

    return _release_version(work, live, version, add_results, start_from=released)


def _release_version(
    work: duckdb.DuckDBPyConnection,
    live: Path,
    version: str,
    fill: Callable[[], None],
    start_from: Path | None = None,
) -> Path:
    """A new version file, `start_from`'s copy or empty, filled through `work` as `release_copy`,
    made whole under its name, then `live` switched to it and old versions pruned."""
    folder = versions_folder(live)
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(f"*{PARTIAL_SUFFIX}"):
        leftover.unlink()
    target = folder / f"{version}{live.suffix}"
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    if start_from is not None:
        shutil.copyfile(start_from, partial)
    work.execute(f"ATTACH {quote_literal(str(partial))} AS release_copy")
    try:
        fill()
    finally:
        work.execute("DETACH release_copy")
    os.replace(partial, target)
    _point(live, target)
    _prune(folder, keep=target, suffix=live.suffix)
    return target


def _point(live: Path, target: Path) -> None:
    """Replace `live` by a link to `target`, relative so the folder can move as a whole."""
    link = live.with_name(live.name + ".link" + PARTIAL_SUFFIX)
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(target, live.parent))
    os.replace(link, live)


def _prune(folder: Path, keep: Path, suffix: str) -> None:
    versions = sorted(folder.glob(f"*{suffix}"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in [version for version in versions if version != keep][KEEP_VERSIONS:]:
        old.unlink()

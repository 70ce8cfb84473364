"""How much of the machine DuckDB may use: its memory limit, threads and the folder it spills to,
for the warehouse and for the set work of a run (blocking, list building).

Each setting comes from the environment, else from the registry's `company: engine:` section,
else from a default that leaves room on a small machine: DuckDB's own default memory limit is
80 % of the machine, which with the run's Python frames beside it is more than the machine has."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Any

import duckdb

MEMORY_LIMIT_ENV = "CUSTOMER_HUB_DUCKDB_MEMORY_LIMIT"
THREADS_ENV = "CUSTOMER_HUB_DUCKDB_THREADS"
TEMP_DIRECTORY_ENV = "CUSTOMER_HUB_DUCKDB_TEMP_DIRECTORY"
# DuckDB's share of the machine's memory by default, and its ceiling.
DEFAULT_MEMORY_SHARE = 0.25
DEFAULT_MEMORY_CEILING_GB = 4
SETTINGS = ("memory_limit", "threads", "temp_directory")


@dataclass(frozen=True)
class EngineSettings:
    memory_limit: str  # DuckDB's notation: 4GB, 512MB
    threads: int
    temp_directory: str  # where DuckDB spills what does not fit in memory_limit

    def config(self) -> dict[str, Any]:
        return {
            "memory_limit": self.memory_limit,
            "threads": self.threads,
            "temp_directory": self.temp_directory,
        }

    def connect(self, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
        connection = duckdb.connect(database, config=self.config())
        connection.execute("SET enable_progress_bar = false")
        return connection


def engine_settings(section: dict[str, Any] | None = None) -> EngineSettings:
    """The settings from the environment, else `section` (the registry's), else the defaults."""
    section = section or {}
    chosen = {
        setting: os.environ.get(env) or section.get(setting)
        for setting, env in zip(SETTINGS, (MEMORY_LIMIT_ENV, THREADS_ENV, TEMP_DIRECTORY_ENV))
    }
    return EngineSettings(
        memory_limit=str(chosen["memory_limit"] or _default_memory_limit()),
        threads=int(chosen["threads"] or os.cpu_count() or 1),
        temp_directory=str(
            chosen["temp_directory"] or os.path.join(tempfile.gettempdir(), "customer_hub_duckdb")
        ),
    )


def _default_memory_limit() -> str:
    machine_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{max(min(machine_gb * DEFAULT_MEMORY_SHARE, DEFAULT_MEMORY_CEILING_GB), 0.5):.1f}GB"


DEFAULT_ENGINE = engine_settings()

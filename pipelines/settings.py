"""Where a run finds its sources and when it runs, overridable from the environment.

The warehouse location lives with the warehouse, in `warehouse/location.py`."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SOURCES_ENV = "CUSTOMER_HUB_SOURCES"
TIMEZONE_ENV = "CUSTOMER_HUB_TIMEZONE"
READ_CACHE_ENV = "CUSTOMER_HUB_READ_CACHE"

DEMO_REGISTRY = PROJECT_ROOT / "demo" / "sources.yaml"
DEFAULT_TIMEZONE = "Asia/Shanghai"


def registry_path() -> Path:
    return Path(os.environ.get(SOURCES_ENV) or DEMO_REGISTRY)


def schedule_timezone() -> str:
    return os.environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE


def read_cache_path() -> Path | None:
    """Where parsed sources are kept between runs; None means next to the warehouse file."""
    configured = os.environ.get(READ_CACHE_ENV)
    return Path(configured) if configured else None

"""Where the published warehouse lives: `warehouse/customer_hub.duckdb` unless overridden."""

from __future__ import annotations

import os
from pathlib import Path

WAREHOUSE_ENV = "CUSTOMER_HUB_WAREHOUSE"
DEFAULT_DATABASE = Path(__file__).resolve().parent / "customer_hub.duckdb"


def database_path() -> Path:
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_DATABASE)

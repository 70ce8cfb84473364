"""Legacy systems behind a database: a SQLite file, or any SQLAlchemy URL, with a table or a query."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from pipelines.readers.cells import frame_as_text
from pipelines.readers.errors import SourceError
from pipelines.readers.files import existing_file
from pipelines.readers.result import SourceRead
from pipelines.registry import Registry, SourceSpec


def read_database(spec: SourceSpec, registry: Registry) -> SourceRead:
    if spec.url:
        url, where = spec.url, spec.url
    else:
        path = existing_file(spec)
        # Read-only URI: a mistyped path must fail, not create an empty database.
        url, where = f"sqlite:///file:{path}?mode=ro&uri=true", str(path)
    table, query = spec.options.get("table"), spec.options.get("query")
    if not (table or query):
        raise SourceError(spec.name, where, "registry gives neither options.table nor options.query")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            statement = sa.text(query) if query else sa.select(sa.text("*")).select_from(sa.table(table))
            frame = pd.read_sql(statement, connection, dtype=object)
    except (sa.exc.SQLAlchemyError, pd.errors.DatabaseError) as failed:
        # pandas wraps the driver's error; its own message is the useful one.
        driver_error = getattr(failed.__cause__, "orig", None) or getattr(failed, "orig", None) or failed
        raise SourceError(spec.name, where, f"query failed: {driver_error}") from failed
    finally:
        engine.dispose()
    key = spec.options.get("key") or _column_mapped_to(spec, "source_customer_id")
    if key not in frame.columns:
        raise SourceError(spec.name, where, f"key column {key!r} not in result columns {list(frame.columns)}")
    missing = [name for name in spec.columns if name not in frame.columns]
    records = frame_as_text(frame[[name for name in spec.columns if name in frame.columns]])
    records.insert(0, "source_locator", [f"{key}={value}" for value in frame_as_text(frame[[key]])[key]])
    warnings = (f"lacks columns {', '.join(missing)}",) if missing else ()
    return SourceRead(records=records, warnings=warnings)


def _column_mapped_to(spec: SourceSpec, field: str) -> str | None:
    return next((column for column, target in spec.columns.items() if target == field), None)

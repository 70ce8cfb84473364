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
    url, where = _url_and_where(spec)
    table, query = spec.options.get("table"), spec.options.get("query")
    if not (table or query):
        raise SourceError(spec.name, where, "registry gives neither options.table nor options.query")
    statement = sa.text(query) if query else sa.select(sa.text("*")).select_from(_table(table))
    frame = _fetch(spec, url, where, statement)
    key = spec.options.get("key") or _column_mapped_to(spec, "source_customer_id")
    if key not in frame.columns:
        raise SourceError(spec.name, where, f"key column {key!r} not in result columns {list(frame.columns)}")
    missing = [name for name in spec.columns if name not in frame.columns]
    records = frame_as_text(frame)
    records.insert(0, "source_locator", f"{key}=" + records[key].astype(str))
    warnings = (f"lacks columns {', '.join(missing)}",) if missing else ()
    return SourceRead(records=records, warnings=warnings)


def _url_and_where(spec: SourceSpec) -> tuple[str, str]:
    """The URL to connect to, and how errors name it: without its password, since error messages
    end up in the warehouse and the Dagster UI."""
    if not spec.url:
        path = existing_file(spec)
        # Read-only URI: a mistyped path must fail, not create an empty database.
        return f"sqlite:///file:{path}?mode=ro&uri=true", str(path)
    try:
        sa.make_url(spec.url)
    except sa.exc.ArgumentError as malformed:
        raise SourceError(spec.name, "url", f"not a database URL: {malformed}") from malformed
    return spec.url, spec.describe()


def _table(name: str) -> sa.TableClause:
    # "crm.t_kh" is table t_kh in schema crm, not one table with a dot in its name.
    schema, _, table = name.rpartition(".")
    return sa.table(table, schema=schema or None)


def _fetch(spec: SourceSpec, url: str, where: str, statement: sa.Executable) -> pd.DataFrame:
    """The result as the driver returns it. Not pandas.read_sql: it turns integer columns with NULLs
    into floats, which garbles 18-digit ID numbers."""
    try:
        engine = sa.create_engine(url)
        try:
            with engine.connect() as connection:
                result = connection.execute(statement)
                return pd.DataFrame(result.fetchall(), columns=list(result.keys()), dtype=object)
        finally:
            engine.dispose()
    except sa.exc.SQLAlchemyError as failed:
        # The driver's own message is the useful one.
        raise SourceError(
            spec.name, where, f"query failed: {getattr(failed, 'orig', None) or failed}"
        ) from failed
    except ImportError as no_driver:  # the URL names a driver this installation lacks
        raise SourceError(spec.name, where, f"database driver not installed: {no_driver}") from no_driver


def _column_mapped_to(spec: SourceSpec, field: str) -> str | None:
    return next((column for column, target in spec.columns.items() if target == field), None)

"""One raw asset per registered source: the records as read, or the reason the source failed."""

import datetime as dt

import dagster as dg

from pipelines.ingest import SourceLoad
from pipelines.read_cache import ReadCache
from pipelines.registry import Registry, SourceSpec

SOURCES_GROUP = "sources"


def raw_asset_name(spec: SourceSpec) -> str:
    return f"raw_{spec.name}"


def build_raw_source_asset(spec: SourceSpec, registry: Registry, cache: ReadCache) -> dg.AssetsDefinition:
    @dg.asset(
        name=raw_asset_name(spec),
        group_name=SOURCES_GROUP,
        kinds={spec.kind},
        description=f"{spec.department} source {spec.name!r}: {spec.describe()}",
        owners=[f"team:{spec.department}"],
        tags={"department": spec.department},
        retry_policy=dg.RetryPolicy(max_retries=2, delay=5),
    )
    def raw_source(context: dg.AssetExecutionContext) -> dg.MaterializeResult[SourceLoad]:
        loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
        cached = cache.load(spec, registry, loaded_at)
        load = cached.load
        if cached.from_cache:
            context.log.info(
                f"{spec.name}: {len(cached.fingerprints)} file(s) unchanged since {load.loaded_at}, not parsed again"
            )
        else:
            context.log.info(f"read {spec.name} from {spec.describe()}")
        for issue in load.issues.itertuples():
            log = context.log.error if issue.severity == "error" else context.log.warning
            log(f"{issue.source} ({issue.location}): {issue.problem}")
        context.log.info(f"{spec.name}: {len(load.records)} records")
        return dg.MaterializeResult(
            value=load,
            metadata={
                "location": spec.describe(),
                "files": len(cached.fingerprints),
                "parsed": not cached.from_cache,
                "loaded_at": load.loaded_at,
                "records_read": len(load.records),
                "failed": load.failed,
                "issues": dg.MetadataValue.md(_issues_markdown(load)),
                "column_mapping": dg.MetadataValue.json(load.column_mapping),
                "rows_rejected": len(load.rejected),
            },
        )

    return raw_source


def _issues_markdown(load: SourceLoad) -> str:
    if load.issues.empty:
        return "none"
    return "\n".join(
        f"- **{row.severity}** {row.location}: {row.problem}" for row in load.issues.itertuples()
    )

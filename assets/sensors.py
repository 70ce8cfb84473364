"""Start a sync when a department drops a new or changed file into a registered location."""

import hashlib
import json

import dagster as dg

from assets.schedules import customer_sync_job
from pipelines.registry import Registry
from pipelines.source_files import source_files

SOURCE_FILES_SENSOR = "source_files_changed"


def build_source_files_sensor(registry: Registry) -> dg.SensorDefinition:
    @dg.sensor(
        name=SOURCE_FILES_SENSOR,
        job=customer_sync_job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Watches every registered file, folder and pattern; a run parses only the sources that changed.",
    )
    def source_files_changed(context: dg.SensorEvaluationContext):
        state = _file_states(registry)
        previous = json.loads(context.cursor) if context.cursor else None
        context.update_cursor(json.dumps(state, sort_keys=True))
        if previous is None:
            return dg.SkipReason(f"watching {len(state)} files from now on")
        changed = sorted(path for path in state if previous.get(path) != state[path])
        if not changed:
            return dg.SkipReason("no source file is new or changed")
        context.log.info(f"new or changed: {', '.join(changed)}")
        run_key = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]
        return dg.RunRequest(run_key=run_key, tags={"customer_hub/changed_files": str(len(changed))})

    return source_files_changed


def _file_states(registry: Registry) -> dict[str, list[int]]:
    """Size and modification time of every source file: a stat per file each minute, no reads."""
    states = {}
    for spec in registry.sources:
        for path in source_files(spec):
            stat = path.stat()
            states[str(path)] = [stat.st_size, stat.st_mtime_ns]
    return states

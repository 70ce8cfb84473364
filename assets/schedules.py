"""The nightly sync: the whole asset graph at 02:00 in the company's timezone."""

import dagster as dg

from pipelines.settings import schedule_timezone

CUSTOMER_SYNC_JOB = "customer_sync"

customer_sync_job = dg.define_asset_job(
    CUSTOMER_SYNC_JOB,
    selection=dg.AssetSelection.all(),
    description="Read every registered source, standardise, resolve and publish the customer warehouse.",
)


def nightly_sync_schedule() -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="nightly_customer_sync",
        job=customer_sync_job,
        cron_schedule="0 2 * * *",
        execution_timezone=schedule_timezone(),
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )

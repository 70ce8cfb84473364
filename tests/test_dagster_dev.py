"""`dagster dev` loads workspace.yaml and runs the sync job launched from its GraphQL API, as the UI does."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster_graphql import DagsterGraphQLClient, DagsterGraphQLClientError

PROJECT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 180
RUN_SECONDS = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dagster_dev(small_sources, tmp_path):
    port, database = free_port(), tmp_path / "hub.duckdb"
    environment = os.environ | {
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "CUSTOMER_HUB_SOURCES": str(small_sources.path),
        "CUSTOMER_HUB_WAREHOUSE": str(database),
    }
    (tmp_path / "dagster_home").mkdir()
    dagster = Path(sys.executable).with_name("dagster")
    server = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    client = DagsterGraphQLClient("127.0.0.1", port_number=port)
    try:
        yield client, database, _wait_until_up(client, server)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)


def _wait_until_up(client: DagsterGraphQLClient, server: subprocess.Popen) -> bool:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            client._execute("{ version }")
            return True
        except Exception:  # noqa: BLE001 - connection refused until the webserver listens
            time.sleep(1)
    return False


def test_dagster_dev_runs_the_sync_job(dagster_dev):
    client, database, up = dagster_dev
    assert up, "dagster dev did not answer in time"

    run_id = client.submit_job_execution("customer_sync")
    deadline, status = time.monotonic() + RUN_SECONDS, None
    while time.monotonic() < deadline:
        try:
            status = client.get_run_status(run_id).value
        except DagsterGraphQLClientError:
            status = None
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(2)

    assert status == "SUCCESS"
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT run_id FROM sync_runs").fetchall() == [(run_id,)]
        assert connection.execute("SELECT count(*) FROM customers").fetchone()[0] == 3

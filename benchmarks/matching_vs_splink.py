"""Our matcher against Splink (DuckDB backend) on the demo generator's ground truth.

    .venv/bin/python benchmarks/matching_vs_splink.py --records 10000 100000 1000000 --engines ours splink

Needs the benchmark extra (`pip install -e ".[benchmark]"`) for Splink.

For each size: writes the demo sources into a temporary folder kept for the run (a size given
twice reuses them, to show how much timings vary between runs), then loads, stages and
standardises them and drops quarantined records as the nightly sync does. Both engines get
exactly these matchable records. Preparation and each engine run in a process of their own, so
the peak memory printed for an engine is its own, not what preparation or the other engine left
behind. Prints pairwise precision, recall and F1 of each engine's customers against the
generator's ground truth, the pairs they imply, wall time of the matching step alone and peak
memory, and how long the shared preparation took.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from splink_engine import SplinkModel, splink_clusters

from pipelines.demo_data import generate_demo_sources, read_ground_truth
from pipelines.evaluation import pairwise_scores
from pipelines.ingest import load_source
from pipelines.matching import match_records
from pipelines.matching.comparisons import (
    ADDRESS,
    BIRTHDAY,
    CITY,
    COMPANY,
    EMAIL,
    ID_NUMBER,
    NAME,
    PHONE,
    grade_pairs,
    prepare_records,
)
from pipelines.quarantine import quarantine_reasons
from pipelines.registry import load_registry
from pipelines.settings import DEMO_REGISTRY
from pipelines.staging import combine_staged, stage_source
from pipelines.standardise.records import PHONE_SLOTS, standardise_records

ENGINES = ("ours", "splink")
# Lineage only: no engine reads it, and a fixed value keeps the prepared records identical per seed.
LOADED_AT = "2026-01-01 00:00:00"

# Splink, configured as its documentation's deduplication examples are, not tuned on the truth:
# u from 1e7 random pairs ("often adequate"; 1e8 and more only sharpen the estimates) ...
SPLINK_U_SAMPLE_PAIRS = 1e7
# ... the prior from rules that admit almost no false matches, of which the docs' example assumes
# they find 60% of the true ones (they miss customers whose records share no email or mobile) ...
SPLINK_DETERMINISTIC_RECALL = 0.6
# ... pairs scored from a probability of 0.5 so the review band is kept, and clusters cut at the
# docs' 0.95.
SPLINK_PREDICT_THRESHOLD = 0.5
SPLINK_CLUSTER_THRESHOLD = 0.95
# DuckDB takes up to 80% of the machine's memory by default (14 GB for Splink at 1M records on a
# 24 GB machine); capped, it spills to disk, and the run stays within 8 GB.
SPLINK_DUCKDB_MEMORY_LIMIT = "4GB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--seed", type=int, default=7, help="the demo generator's seed")
    # The steps this script runs in child processes of its own:
    parser.add_argument("--prepare", type=Path, metavar="DEMO_DIR", help=argparse.SUPPRESS)
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare_step(args.prepare, args.records[0], args.seed, args.output)
    elif args.engine:
        engine_step(args.engine, args.input, args.output)
    else:
        if "splink" in args.engines and importlib.util.find_spec("splink") is None:
            parser.error('Splink is not installed: pip install -e ".[benchmark]"')
        compare(args.records, args.engines, args.seed)


# --- the run: one process per step, figures collected here -------------------------------------


def compare(sizes: list[int], engines: list[str], seed: int) -> None:
    preparation, results, by_evidence = [], [], []
    with tempfile.TemporaryDirectory(prefix="matching_vs_splink_") as workdir:
        for size in sizes:
            folder = Path(workdir) / f"demo_{size}_seed{seed}"
            records_file = folder / "matchable_records.pkl"
            prepared = run_step(
                ["--prepare", str(folder), "--records", str(size), "--seed", str(seed)], records_file
            )
            preparation.append({"records": size, **prepared})
            print(f"{size} records: prepared in {prepared['prepare_seconds']} s", file=sys.stderr)
            truth = read_truth(folder / "data")
            true_pairs = pd.read_pickle(true_pairs_path(records_file))
            for engine in engines:
                clusters_file = folder / f"{engine}_customers.pkl"
                figures = run_step(["--engine", engine, "--input", str(records_file)], clusters_file)
                customers = pd.read_pickle(clusters_file)
                results.append({"records": size, "engine": engine, **score(truth, customers), **figures})
                by_evidence.append(
                    {"records": size, "engine": engine, **recall_by_evidence(true_pairs, customers)}
                )
                print(f"{size} records, {engine}: done in {figures['seconds']} s", file=sys.stderr)
    print(pd.DataFrame(results).to_string(index=False))
    print()
    print("Shared preparation (generate the demo sources; load, stage, standardise, drop quarantined):")
    print(pd.DataFrame(preparation).drop(columns=[*EVIDENCE, "identifier_reach"]).to_string(index=False))
    print()
    print("What the records of each true pair have in common (share of the true pairs), and the recall of")
    print("an engine that links every true pair sharing an identifier and nothing else (identifier_reach):")
    print(
        pd.DataFrame(preparation)[["records", "true_pairs", *EVIDENCE, "identifier_reach"]].to_string(
            index=False
        )
    )
    print()
    print("Recall of the true pairs by what their records have in common:")
    print(pd.DataFrame(by_evidence).to_string(index=False))


def run_step(arguments: list[str], output: Path) -> dict[str, object]:
    """Runs this script as a child process that writes `output` and its figures beside it."""
    subprocess.run([sys.executable, __file__, *arguments, "--output", str(output)], check=True)
    return json.loads(figures_path(output).read_text(encoding="utf-8"))


def figures_path(output: Path) -> Path:
    return output.with_suffix(".json")


def write_figures(output: Path, figures: dict[str, object]) -> None:
    figures_path(output).write_text(
        json.dumps({**figures, "peak_memory_mb": peak_memory_mb()}), encoding="utf-8"
    )


def peak_memory_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def read_truth(data_dir: Path) -> pd.DataFrame:
    """record_key -> true_customer_id of the records that belong to a real customer."""
    truth = read_ground_truth(data_dir)
    return truth[truth["true_customer_id"] != ""][["record_key", "true_customer_id"]]


def score(truth: pd.DataFrame, customers: pd.DataFrame) -> dict[str, object]:
    """Scored on the records that reached matching and belong to a real customer, as
    benchmarks/sync_quality.py scores the sync."""
    linked = truth.merge(customers, on="record_key")
    scores = pairwise_scores(linked["true_customer_id"], linked["customer_id"])
    return {
        "precision": f"{scores.precision:.4f}",
        "recall": f"{scores.recall:.4f}",
        "f1": f"{scores.f1:.4f}",
        "pairs_predicted": scores.predicted_pairs,
    }


# --- shared preparation ------------------------------------------------------------------------


def prepare_step(folder: Path, records: int, seed: int, output: Path) -> None:
    generate_seconds = ensure_demo_sources(folder, records, seed)
    started = time.perf_counter()
    matchable = matchable_records(folder / "sources.yaml")
    prepare_seconds = time.perf_counter() - started
    true_pairs = true_pairs_by_evidence(matchable, read_truth(folder / "data"))
    true_pairs.to_pickle(true_pairs_path(output))
    # Pickle keeps the frame exactly as the pipeline hands it to matching (object columns, None).
    matchable.to_pickle(output)
    write_figures(
        output,
        {
            "matchable_records": len(matchable),
            "generate_seconds": round(generate_seconds, 1),
            "prepare_seconds": round(prepare_seconds, 1),
            "true_pairs": len(true_pairs),
            "identifier_reach": f"{identifier_reach(true_pairs):.3f}",
            **{
                kind: f"{share:.3f}"
                for kind, share in true_pairs["evidence"]
                .value_counts(normalize=True)
                .reindex(list(EVIDENCE), fill_value=0)
                .items()
            },
        },
    )


# How much a true pair's records have in common, from most to least: what any engine can find. A
# name counts from `contained` up; a shared surname or two contacts at one company do not.
EVIDENCE = {
    "identifier": "share an email, phone, company, address, ID number or birthday",
    "name_and_city": "share only a name (in any script) and the city",
    "name_only": "share only a name; at least one names no city",
    "nothing": "share nothing a comparison can see",
}


def true_pairs_path(records_file: Path) -> Path:
    return records_file.with_name("true_pairs.pkl")


def true_pairs_by_evidence(records: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Every pair of matchable records of one true customer (record_key_left, record_key_right)
    and what they share (`evidence`, a key of EVIDENCE), graded by the matcher's own comparisons."""
    keyed = records[["record_key"]].reset_index(names="position").merge(truth, on="record_key")
    pairs = keyed.merge(keyed, on="true_customer_id", suffixes=("_left", "_right"))
    pairs = pairs[pairs["position_left"] < pairs["position_right"]]
    levels = grade_pairs(
        prepare_records(records), pairs["position_left"].to_numpy(), pairs["position_right"].to_numpy()
    )
    identifier = (
        (levels["email"] == EMAIL.level("same"))
        | levels["phone"].isin([PHONE.level("same_mobile"), PHONE.level("same_landline")])
        | levels["company"].isin(
            [
                COMPANY.level("same_registered_name"),
                COMPANY.level("same_in_same_city"),
                COMPANY.level("same"),
                COMPANY.level("same_trade_name"),
            ]
        )
        | levels["address"].isin([ADDRESS.level("same"), ADDRESS.level("same_street_number")])
        | (levels["id_number"] == ID_NUMBER.level("same"))
        | (levels["birthday"] == BIRTHDAY.level("same"))
    )
    name = levels["name"].isin(
        [NAME.level(level) for level in ("same_hanzi", "same_pinyin", "same_sounds", "similar", "contained")]
    )
    city = levels["city"] == CITY.level("same")
    evidence = np.select(
        [identifier, name & city, name], ["identifier", "name_and_city", "name_only"], default="nothing"
    )
    return pd.DataFrame(
        {
            "record_key_left": pairs["record_key_left"].to_numpy(),
            "record_key_right": pairs["record_key_right"].to_numpy(),
            "evidence": evidence,
        }
    )


def identifier_reach(true_pairs: pd.DataFrame) -> float:
    """The recall of an oracle that links exactly the true pairs whose records share an identifier,
    its customers being the groups those links join: what identifiers can find at all. Past it, only
    names (and cities) are left, which different people share."""
    if true_pairs.empty:
        return float("nan")
    codes, _ = pd.factorize(pd.concat([true_pairs["record_key_left"], true_pairs["record_key_right"]]))
    left, right = codes[: len(true_pairs)], codes[len(true_pairs) :]
    linked = (true_pairs["evidence"] == "identifier").to_numpy()
    graph = coo_matrix((np.ones(linked.sum()), (left[linked], right[linked])), shape=(codes.max() + 1,) * 2)
    _, group = connected_components(graph, directed=False)
    return float((group[left] == group[right]).mean())


def recall_by_evidence(true_pairs: pd.DataFrame, customers: pd.DataFrame) -> dict[str, str]:
    """Per kind of evidence, the share of those true pairs an engine put into one customer."""
    customer_of = customers.set_index("record_key")["customer_id"]
    together = (
        true_pairs["record_key_left"].map(customer_of).to_numpy()
        == true_pairs["record_key_right"].map(customer_of).to_numpy()
    )
    recall = pd.Series(together).groupby(true_pairs["evidence"].to_numpy()).mean()
    return {kind: f"{recall.get(kind, float('nan')):.3f}" for kind in EVIDENCE}


def ensure_demo_sources(folder: Path, records: int, seed: int) -> float:
    """Seconds spent writing the demo sources; none when this run already wrote them."""
    if (folder / "data" / "ground_truth.csv").exists():
        return 0.0
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEMO_REGISTRY, folder / "sources.yaml")
    generate_demo_sources(folder / "data", records=records, seed=seed)
    return time.perf_counter() - started


def matchable_records(registry_file: Path) -> pd.DataFrame:
    """What the sync's `resolved_customers` asset receives: standardised, quarantine left out."""
    registry = load_registry(registry_file)
    staged = combine_staged(
        [stage_source(load_source(spec, registry, LOADED_AT)) for spec in registry.sources]
    )
    records = standardise_records(staged, registry.phone_region)
    records["quarantine_reason"] = quarantine_reasons(records)
    return records[records["quarantine_reason"].isna()].reset_index(drop=True)


# --- the engines, each timed on the matching step alone ----------------------------------------


def engine_step(engine: str, records_file: Path, output: Path) -> None:
    records = pd.read_pickle(records_file)
    # Whichever engine the sync uses, it is handed this frame: part of every engine's peak.
    input_memory_mb = peak_memory_mb()
    match = our_customers if engine == "ours" else splink_customers
    started = time.perf_counter()
    customers = match(records)
    seconds = time.perf_counter() - started
    customers.to_pickle(output)
    write_figures(output, {"seconds": round(seconds, 1), "input_memory_mb": input_memory_mb})


def our_customers(records: pd.DataFrame) -> pd.DataFrame:
    """record_key -> cluster from the sync's matcher (blocking, comparisons, match model, decisions, clustering):
    the customers of `resolve_customers`, which then numbers them and builds golden records and
    provenance, as it would for any engine's clusters, so that part is left out of the timing."""
    return pd.DataFrame(
        {"record_key": records["record_key"].to_numpy(), "customer_id": match_records(records).cluster}
    )


def splink_customers(records: pd.DataFrame) -> pd.DataFrame:
    """record_key -> Splink cluster."""
    with tempfile.TemporaryDirectory(prefix="splink_spill_") as spill:
        config = {"memory_limit": SPLINK_DUCKDB_MEMORY_LIMIT, "temp_directory": spill}
        with duckdb.connect(config=config) as connection:
            connection.execute("SET enable_progress_bar = false")
            assigned = splink_clusters(connection, [splink_input(records)], splink_model())
    return pd.DataFrame(
        {
            "record_key": records["record_key"].to_numpy()[assigned["unique_id"].to_numpy()],
            "customer_id": assigned["cluster_id"].to_numpy(),
        }
    )


def splink_model() -> SplinkModel:
    """Fellegi-Sunter on the standardised fields, set up as Splink's deduplication examples are."""
    # Imported here so that the preparation and our engine run without the benchmark extra.
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("name_key").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
            cl.ExactMatch("mobile").configure(term_frequency_adjustments=True),
            cl.ExactMatch("landline").configure(term_frequency_adjustments=True),
            cl.ExactMatch("company_key").configure(term_frequency_adjustments=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("mobile"),
            block_on("landline"),
            block_on("company_key"),
            block_on("name_key", "city"),
        ],
    )
    return SplinkModel(
        settings,
        deterministic_rules=[block_on("email"), block_on("mobile")],
        deterministic_recall=SPLINK_DETERMINISTIC_RECALL,
        u_sample_pairs=SPLINK_U_SAMPLE_PAIRS,
        # Each session estimates the m of every comparison but the one it blocks on. Blocking on the
        # name (not name and city) is what lets every email level be observed: Splink warns of
        # untrained email levels otherwise.
        em_rules=[block_on("name_key"), block_on("mobile")],
        predict_threshold=SPLINK_PREDICT_THRESHOLD,
        cluster_threshold=SPLINK_CLUSTER_THRESHOLD,
    )


def splink_input(records: pd.DataFrame) -> pd.DataFrame:
    """One column per comparison, from the standardised fields. name_key's syllables are sorted,
    so no surname can be split off; the first mobile and the first other number stand for a
    record's phones; city_key is the stated city, else the one the address names."""
    mobile = pd.Series(None, index=records.index, dtype=object)
    landline = mobile.copy()
    for slot in PHONE_SLOTS:
        number, is_mobile = records[f"{slot}_e164"], records[f"{slot}_line_type"] == "mobile"
        mobile = mobile.fillna(number.where(is_mobile))
        landline = landline.fillna(number.where(~is_mobile))
    return pd.DataFrame(
        {
            "unique_id": range(len(records)),
            "name_key": records["name_key"],
            "email": records["email_std"],
            "mobile": mobile,
            "landline": landline,
            "company_key": records["company_key"],
            "city": records["city_key"],
        }
    )


if __name__ == "__main__":
    main()

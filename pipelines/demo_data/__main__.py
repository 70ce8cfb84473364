"""``python -m pipelines.demo_data --records N --seed S --out DIR``"""

from __future__ import annotations

import argparse
from pathlib import Path

from .generate import generate_demo_sources


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipelines.demo_data", description=__doc__)
    parser.add_argument(
        "--records", type=int, default=2000, help="total source records across all five sources"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("demo/data"), help="output directory")
    args = parser.parse_args(argv)
    summary = generate_demo_sources(args.out, records=args.records, seed=args.seed)
    per_source = ", ".join(f"{name} {count}" for name, count in summary.records_by_source.items())
    print(
        f"wrote {summary.total_records} records ({per_source}; {summary.junk_records} junk) "
        f"for {summary.true_customers} true customers to {summary.out_dir}"
    )


if __name__ == "__main__":
    main()

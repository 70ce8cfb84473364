#!/usr/bin/env bash
# Set up, generate the demo company's sources if absent, run the nightly sync once, print a summary.
# Extra arguments go to `customer-hub demo` (for example --records 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/customer-hub demo "$@"

"""The company's own files beside the sources, which the demo registry names under `company`: the
staff roster (who has left) and the complaint log (complaints each department noted against its
own record of a customer). Neither holds customer records: the sources and ground truth are the
same with or without them."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from .people import Staff
from .sampling import random_date
from .vocabulary import ACTIVE_STAFF_COUNT, COMPLAINT_CHANNELS, COMPLAINT_REASONS, REFERENCE_DATE

STAFF_ROSTER_FILE = "staff_roster.csv"
COMPLAINT_LOG_FILE = "complaints.csv"
STAFF_ROSTER_HEADER = ("name", "email", "status", "left_on")
COMPLAINT_LOG_HEADER = ("record_key", "complained_on", "channel", "reason")
# Shares of customers who complained to several departments, and to one.
REPEAT_COMPLAINT_SHARE = 0.06
SINGLE_COMPLAINT_SHARE = 0.03
_FIRST_LEFT, _LAST_LEFT = date(2021, 1, 1), date(2025, 12, 31)
_FIRST_COMPLAINT, _LAST_COMPLAINT = REFERENCE_DATE - timedelta(days=180), REFERENCE_DATE - timedelta(days=1)


def write_staff_roster(out_dir: Path, staff: tuple[Staff, ...], rng: random.Random) -> None:
    """Everyone on the staff list; those past the active ones have left."""
    rows = [
        (person.name, person.email, "active", "")
        if position < ACTIVE_STAFF_COUNT
        else (person.name, person.email, "left", random_date(rng, _FIRST_LEFT, _LAST_LEFT).isoformat())
        for position, person in enumerate(staff)
    ]
    _write_csv(out_dir / STAFF_ROSTER_FILE, STAFF_ROSTER_HEADER, rows)


def write_complaint_log(
    out_dir: Path, records_by_department: list[dict[str, list[str]]], rng: random.Random
) -> None:
    """`records_by_department`: per customer, department -> its record keys there. Some customers
    held by several departments complained to two or three of them, a few others to one."""
    rows = []
    for departments in records_by_department:
        names = sorted(departments)
        roll = rng.random()
        if len(names) > 1 and roll < REPEAT_COMPLAINT_SHARE:
            complained_to = rng.sample(names, min(len(names), rng.choice((2, 2, 3))))
        elif roll > 1 - SINGLE_COMPLAINT_SHARE:
            complained_to = [rng.choice(names)]
        else:
            continue
        for department in complained_to:
            complained_on = random_date(rng, _FIRST_COMPLAINT, _LAST_COMPLAINT).isoformat()
            rows.append(
                (
                    rng.choice(departments[department]),
                    complained_on,
                    rng.choice(COMPLAINT_CHANNELS),
                    rng.choice(COMPLAINT_REASONS),
                )
            )
    _write_csv(out_dir / COMPLAINT_LOG_FILE, COMPLAINT_LOG_HEADER, rows)


def _write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)

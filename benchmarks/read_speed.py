"""Reading speed of department spreadsheets: a 1,000,000-row GBK csv and a 200,000-row xlsx.

    .venv/bin/python benchmarks/read_speed.py [--csv-rows N] [--xlsx-rows N]

Writes both files into a temporary folder, reads each through the same path a nightly run takes
(reader, header recognition, column mapping) and prints rows per second and peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

import xlsxwriter
import yaml

from pipelines.ingest import load_source
from pipelines.registry import load_registry

HEADER = [
    "客户编号",
    "客户名称",
    "联系人",
    "手机",
    "办公电话",
    "电子邮箱",
    "所在城市",
    "详细地址",
    "客户状态",
    "最近联系日期",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
CITIES = ["深圳", "广州", "上海", "北京", "杭州", "南京", "成都", "武汉"]


def rows(count: int, seed: int = 7):
    rng = random.Random(seed)
    for n in range(count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        city = rng.choice(CITIES)
        yield [
            f"KH{n:08d}",
            f"{city}市{name}贸易有限公司",
            name,
            f"1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}",
            f"0755-{rng.randint(20000000, 89999999)}",
            f"user{n}@163.com",
            city,
            f"{city}市南山区科技园{n % 999}号",
            rng.choice(["潜在客户", "成交客户", "战败客户"]),
            f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        ]


def write_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="gbk", newline="") as handle:
        handle.write(",".join(HEADER) + "\r\n")
        for row in rows(count):
            handle.write(",".join(row) + "\r\n")


def write_xlsx(path: Path, count: int) -> None:
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("客户")
    sheet.write_row(0, 0, HEADER)
    for index, row in enumerate(rows(count), start=1):
        sheet.write_row(index, 0, row)
    workbook.close()


def time_read(folder: Path, file_name: str) -> tuple[int, float]:
    registry_file = folder / f"{file_name}.yaml"
    source = {"name": "bench", "department": "sales", "kind": "spreadsheet", "location": file_name}
    registry_file.write_text(yaml.safe_dump({"sources": [source]}, allow_unicode=True), encoding="utf-8")
    registry = load_registry(registry_file)
    started = time.perf_counter()
    load = load_source(registry.source("bench"), registry, "2026-11-01 02:00:00")
    seconds = time.perf_counter() - started
    assert load.issues.empty, load.issues
    return len(load.records), seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir)
        write_csv(folder / "customers.csv", args.csv_rows)
        write_xlsx(folder / "customers.xlsx", args.xlsx_rows)
        print(f"{'file':<16}{'rows':>10}{'seconds':>10}{'rows/s':>12}")
        for file_name in ("customers.csv", "customers.xlsx"):
            count, seconds = time_read(folder, file_name)
            print(f"{file_name:<16}{count:>10}{seconds:>10.1f}{count / seconds:>12,.0f}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()

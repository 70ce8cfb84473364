import pytest
import yaml

from pipelines.ingest import load_source
from pipelines.read_cache import ReadCache
from pipelines.readers import SourceError, read_source
from pipelines.staging import stage_source

LAYOUT = {
    "skip_header_lines": 1,
    "skip_footer_lines": 1,
    "fields": [
        {"name": "KHBH", "start": 1, "width": 8},
        {"name": "KHMC", "start": 9, "width": 20},
        {"name": "SJHM", "start": 29, "width": 11},
        {"name": "QFJE", "start": 40, "width": 10},
    ],
}
COLUMNS = {"KHBH": "source_customer_id", "KHMC": "customer_name", "SJHM": "phone"}


def line(*cells: tuple[str, int]) -> bytes:
    """A fixed-width line as a GBK billing system writes it: each cell padded to its width in bytes."""
    return b"".join(text.encode("gbk").ljust(width) for text, width in cells)


def billing_lines() -> list[bytes]:
    return [
        "恒泰机械 客户欠费明细 2024年3月".encode("gbk"),  # header
        line(("A0000001", 8), ("张伟", 20), ("13800138000", 11), ("128.50".rjust(10), 10)),
        # Padded with full-width spaces, no phone.
        ("A0000002李娜" + "\u3000" * 8).encode("gbk") + b" " * 11 + b"      0.00",
        b"",
        line(("A0000004", 8), ("王芳", 4)),  # cut short after the name
        # One byte too many before the name: the field's last byte is the first half of 王.
        b"A0000005 " + "王小明王小明王小明王".encode("gbk") + b"13911112222" + b"      9.90",
        line(("A0000006", 8), ("恒泰机械深圳分公司", 20), ("13711112222", 11), ("1,024.00".rjust(10), 10)),
        "合计：4户 欠费 1,161.40".encode("gbk"),  # trailer
        b"",
    ]


@pytest.fixture
def billing(tmp_path, write_registry):
    def write(lines=None, layout=LAYOUT, **options):
        (tmp_path / "billing.txt").write_bytes(b"\r\n".join(billing_lines() if lines is None else lines))
        if layout is not None:
            (tmp_path / "billing_layout.yaml").write_text(yaml.safe_dump(layout), encoding="utf-8")
        entry = {
            "name": "billing",
            "department": "finance",
            "kind": "fixed_width",
            "location": "billing.txt",
            "options": {"layout": "billing_layout.yaml", "encoding": "gbk", **options},
            "columns": COLUMNS,
        }
        registry = write_registry(entry)
        return registry.source("billing"), registry

    return write


def test_fields_sliced_by_bytes_and_padding_stripped(billing):
    read = read_source(*billing())

    assert read.records.to_dict(orient="records") == [
        {
            "source_locator": "line 2",
            "KHBH": "A0000001",
            "KHMC": "张伟",
            "SJHM": "13800138000",
            "QFJE": "128.50",
        },
        {"source_locator": "line 3", "KHBH": "A0000002", "KHMC": "李娜", "SJHM": None, "QFJE": "0.00"},
        {
            "source_locator": "line 7",
            "KHBH": "A0000006",
            "KHMC": "恒泰机械深圳分公司",
            "SJHM": "13711112222",
            "QFJE": "1,024.00",
        },
    ]
    assert read.warnings == ()


def test_short_lines_and_split_characters_are_rejected_and_the_rest_is_read(billing):
    rejected = read_source(*billing()).rejected

    assert rejected["source_locator"].tolist() == ["line 5", "line 6"]
    assert set(rejected["reason_code"]) == {"MALFORMED_LINE"}
    short, split = rejected["detail"]
    assert short.startswith("line 5: field KHMC (bytes 9-28) is cut off") and "12 bytes" in short
    assert split.startswith("line 6: field KHMC (bytes 9-28) is not decodable")
    assert rejected["raw"].iloc[0] == "A0000004王芳"


def test_a_character_cut_in_bytes_no_field_covers_is_caught(billing):
    # Bytes 5-8 are not in the layout; the second half of 王 starts field DZ, and what follows
    # pairs up into valid but wrong characters, so only the unmapped bytes show the cut.
    layout = {"fields": [{"name": "KHBH", "start": 1, "width": 4}, {"name": "DZ", "start": 9, "width": 8}]}
    good = b"0001    " + "深圳南山".encode("gbk")
    cut = b"0002 " + "张王".encode("gbk")[:3] + "王".encode("gbk")[1:] + "李李李".encode("gbk") + b"A"

    read = read_source(*billing([good, cut], layout=layout))

    assert read.records["DZ"].tolist() == ["深圳南山"]
    assert read.rejected["detail"].tolist() == [
        "line 2: field DZ (bytes 9-16) is not decodable as gb18030 (a character cut in half?)"
    ]


def test_layout_fields_missing_from_the_registry_mapping_are_kept_and_mapped_ones_missing_warned(
    billing, tmp_path
):
    spec, registry = billing()
    (tmp_path / "billing_layout.yaml").write_text(
        yaml.safe_dump({**LAYOUT, "fields": LAYOUT["fields"][:2]}), encoding="utf-8"
    )

    read = read_source(spec, registry)

    assert list(read.records.columns) == ["source_locator", "KHBH", "KHMC"]
    assert read.warnings == ("layout lacks columns SJHM",)


@pytest.mark.parametrize(
    "layout, options, lines, file, problem",
    [
        (None, {}, None, "billing_layout.yaml", "layout file not found"),
        ({"skip_header_lines": 1}, {}, None, "billing_layout.yaml", "layout lists no fields"),
        (
            {"fields": [{"name": "KHMC", "start": 0, "width": 4}]},
            {},
            None,
            "billing_layout.yaml",
            "start and width must be at least 1",
        ),
        (
            {"fields": [{"name": "A", "start": 1, "width": 4}, {"name": "B", "start": 4, "width": 2}]},
            {},
            None,
            "billing_layout.yaml",
            "fields A and B overlap",
        ),
        (
            LAYOUT,
            {"encoding": "no-such-codec"},
            None,
            "billing_layout.yaml",
            "unknown encoding 'no-such-codec'",
        ),
        # Every record line holds bytes that are no GBK at all: the file is in another encoding.
        (
            LAYOUT,
            {},
            [b"header", b"A0000001" + b"\x80" * 20 + b" " * 21, b"A0000002\xff" + b" " * 40, b"trailer"],
            "billing.txt, line 2",
            "not decodable as gb18030",
        ),
    ],
)
def test_unreadable_layouts_and_files_are_source_errors_naming_the_file(
    billing, layout, options, lines, file, problem
):
    spec, registry = billing(lines, layout=layout, **options)

    with pytest.raises(SourceError, match=problem) as failure:
        read_source(spec, registry)

    assert f"{file})" in str(failure.value) and "'billing'" in str(failure.value)


def test_rejected_lines_are_staged_with_their_problem(billing):
    spec, registry = billing()

    staged = stage_source(load_source(spec, registry, loaded_at="2024-03-31T02:00:00+08:00"))

    assert staged["source_locator"].tolist() == ["line 2", "line 3", "line 7", "line 5", "line 6"]
    assert staged["customer_name"].tolist()[:3] == ["张伟", "李娜", "恒泰机械深圳分公司"]
    problems = staged[staged["read_problem_code"].notna()]
    assert problems["read_problem_code"].tolist() == ["MALFORMED_LINE", "MALFORMED_LINE"]
    assert problems["record_key"].tolist() == ["billing:line 5", "billing:line 6"]
    assert problems["raw_text"].iloc[0] == "A0000004王芳"


def test_an_edited_layout_is_read_again_though_the_data_file_is_unchanged(billing, tmp_path):
    cache = ReadCache(tmp_path / "cache")
    spec, registry = billing()
    first = cache.load(spec, registry, "2026-11-01 02:00:00")
    billing(layout={**LAYOUT, "fields": LAYOUT["fields"][:2]})
    second = cache.load(spec, registry, "2026-11-02 02:00:00")
    assert not first.from_cache and not second.from_cache
    assert "SJHM" in first.load.records.columns and "SJHM" not in second.load.records.columns

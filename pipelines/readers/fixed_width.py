"""Fixed-width text exports of billing systems: each field sits at fixed byte positions given by a
layout file, padded by bytes in the export's encoding (typically GBK, where a Chinese character takes
two bytes)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipelines.readers.encodings import codec_name
from pipelines.readers.errors import SourceError
from pipelines.readers.files import existing_file
from pipelines.readers.result import REJECTED_COLUMNS, SourceRead
from pipelines.registry import Registry, SourceSpec

# GB18030 is a superset of GBK and GB2312 with the same byte widths for their characters (a GBK
# label is read as GB18030 too, see encodings.codec_name).
DEFAULT_ENCODING = "gb18030"
PADDING = " \u3000"  # spaces and full-width spaces
# Fields of all lines are decoded as one text joined by this byte: lines are split on it, so no
# field holds it, and a decoder never takes it for part of a character.
_SEPARATOR = "\n"


@dataclass(frozen=True)
class Field:
    name: str
    start: int  # byte offset in the encoded line, from 0
    end: int  # exclusive

    def describe(self) -> str:
        return f"field {self.name} (bytes {self.start + 1}-{self.end})"


@dataclass(frozen=True)
class Layout:
    fields: tuple[Field, ...]  # in the order of their bytes in the line
    skip_header_lines: int
    skip_footer_lines: int
    encoding: str

    @property
    def line_length(self) -> int:
        return max(field.end for field in self.fields)


def read_fixed_width(spec: SourceSpec, registry: Registry) -> SourceRead:
    path = existing_file(spec)
    layout = _load_layout(spec, registry)
    lines = path.read_bytes().splitlines()
    rows = _data_rows(lines, layout)
    line_length = layout.line_length
    short = {row: _short_line_problem(lines[row], layout) for row in rows if len(lines[row]) < line_length}
    rows = [row for row in rows if row not in short]
    texts, undecodable = _decode_fields([lines[row] for row in rows], layout)
    if rows and len(undecodable) == len(rows):
        first = rows[min(undecodable)]
        raise SourceError(
            spec.name, str(path), f"not decodable as {layout.encoding}", row=f"line {first + 1}"
        )
    records = pd.DataFrame(texts, dtype=object)
    records.insert(0, "source_locator", [f"line {row + 1}" for row in rows])
    problems = short | {rows[position]: problem for position, problem in undecodable.items()}
    missing = [name for name in spec.columns if name not in records.columns]
    return SourceRead(
        records=records.drop(index=list(undecodable)).reset_index(drop=True),
        warnings=(f"layout lacks columns {', '.join(missing)}",) if missing else (),
        rejected=_rejected(lines, problems, layout.encoding),
    )


def layout_path(spec: SourceSpec, registry: Registry) -> Path | None:
    """The layout file the registry names, relative to the registry file."""
    return (
        (registry.path.parent / str(spec.options["layout"])).resolve() if "layout" in spec.options else None
    )


def _load_layout(spec: SourceSpec, registry: Registry) -> Layout:
    path = layout_path(spec, registry)
    if path is None:
        raise SourceError(spec.name, spec.describe(), "registry gives no options.layout (the layout file)")

    def broken(problem: str) -> SourceError:
        return SourceError(spec.name, str(path), problem)

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as missing:
        raise broken("layout file not found") from missing
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as unreadable:
        raise broken(f"layout file is not readable YAML: {unreadable}") from unreadable
    entries = document.get("fields") if isinstance(document, dict) else None
    if not entries or not isinstance(entries, list):
        raise broken("layout lists no fields (fields: [{name: ..., start: 1, width: ...}, ...])")
    fields = sorted((_parse_field(entry, broken) for entry in entries), key=lambda field: field.start)
    for before, after in itertools.pairwise(fields):
        if after.start < before.end:
            raise broken(f"layout fields {before.name} and {after.name} overlap")
    names = [field.name for field in fields]
    if len(set(names)) < len(names):
        raise broken(
            f"layout names a field twice: {sorted({name for name in names if names.count(name) > 1})}"
        )
    try:
        skip_header_lines, skip_footer_lines = (
            int(document.get("skip_header_lines", 0)),
            int(document.get("skip_footer_lines", 0)),
        )
    except (TypeError, ValueError) as invalid:
        raise broken("layout's skip_header_lines and skip_footer_lines must be whole numbers") from invalid
    label = str(spec.options.get("encoding") or document.get("encoding") or DEFAULT_ENCODING)
    encoding = codec_name(label)
    if encoding is None:
        raise broken(f"unknown encoding {label!r}")
    return Layout(
        fields=tuple(fields),
        skip_header_lines=skip_header_lines,
        skip_footer_lines=skip_footer_lines,
        encoding=encoding,
    )


def _parse_field(entry: Any, broken: Callable[[str], SourceError]) -> Field:
    try:
        name, start, width = str(entry["name"]), int(entry["start"]), int(entry["width"])
    except (TypeError, KeyError, ValueError) as invalid:
        raise broken(
            f"layout field {entry!r} needs a name, a start (from 1) and a width in bytes"
        ) from invalid
    if start < 1 or width < 1:
        raise broken(f"layout field {name}: start and width must be at least 1")
    return Field(name, start - 1, start - 1 + width)


def _data_rows(lines: list[bytes], layout: Layout) -> list[int]:
    """Positions of the lines that hold records: not blank, not among the header or trailer lines
    (which are counted without blank lines, so a blank line after the trailer does not matter)."""
    filled = [row for row, line in enumerate(lines) if line.strip()]
    return filled[layout.skip_header_lines : len(filled) - layout.skip_footer_lines]


def _short_line_problem(line: bytes, layout: Layout) -> str:
    cut = next(field for field in layout.fields if field.end > len(line))
    return (
        f"{cut.describe()} is cut off: the line has {len(line)} bytes, the layout needs {layout.line_length}"
    )


def _decode_fields(lines: list[bytes], layout: Layout) -> tuple[dict[str, list[str | None]], dict[int, str]]:
    """Each field's text for every line, and the problem of each line (by position) that a field
    boundary cuts a character of, or that holds bytes invalid in the encoding."""
    texts: dict[str, list[str | None]] = {}
    undecodable: dict[int, str] = {}
    previous_end = 0
    for field in layout.fields:
        # Bytes between fields are checked too: a boundary that cuts a character shows as an
        # undecodable tail of the bytes before it, which must start on a whole character.
        gap = [line[previous_end : field.start] for line in lines] if field.start > previous_end else []
        _, gap_failures = _decode_column(gap, layout.encoding)
        texts[field.name], failures = _decode_column(
            [line[field.start : field.end] for line in lines], layout.encoding
        )
        for position in sorted(gap_failures | failures):
            undecodable.setdefault(
                position,
                f"{field.describe()} is not decodable as {layout.encoding} (a character cut in half?)",
            )
        previous_end = field.end
    return texts, undecodable


def _decode_column(cells: list[bytes], encoding: str) -> tuple[list[str | None], set[int]]:
    """The text of every cell without padding (None when empty), and the positions of the cells that
    do not decode; one decode call for all cells."""
    if not cells:
        return [], set()
    joined = _SEPARATOR.encode().join(cells)
    try:
        text, failures = joined.decode(encoding), set()
    except UnicodeDecodeError:
        # Each bad byte becomes U+FFFD and the separators stay: only those cells need a closer look.
        text = joined.decode(encoding, errors="replace")
        failures = {
            position
            for position, cell in enumerate(text.split(_SEPARATOR))
            if "\ufffd" in cell and not _decodes(cells[position], encoding)
        }
    return [cell.strip(PADDING) or None for cell in text.split(_SEPARATOR)], failures


def _decodes(cell: bytes, encoding: str) -> bool:
    try:
        cell.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _rejected(lines: list[bytes], problems: dict[int, str], encoding: str) -> pd.DataFrame:
    rows = sorted(problems)
    return pd.DataFrame(
        {
            "source_locator": [f"line {row + 1}" for row in rows],
            "reason_code": "MALFORMED_LINE",
            "detail": [f"line {row + 1}: {problems[row]}" for row in rows],
            "raw": [lines[row].decode(encoding, errors="replace") for row in rows],
        },
        columns=REJECTED_COLUMNS,
        dtype=object,
    )

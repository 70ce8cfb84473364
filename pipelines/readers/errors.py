from __future__ import annotations


class SourceError(Exception):
    """A source could not be read. The message names the source, the file, the row and the problem."""

    def __init__(self, source: str, file: str, problem: str, row: str | None = None) -> None:
        self.source, self.file, self.problem, self.row = source, file, problem, row
        where = f"{file}, {row}" if row else file
        super().__init__(f"source {source!r} ({where}): {problem}")

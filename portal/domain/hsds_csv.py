"""Reading and writing the CSV files of an HSDS package, and the zip that carries them.

Pure: bytes in, rows and problems out. Every problem names the file and line (the
header is line 1; a quoted value spanning lines counts from the line its row starts
on) and a message key with parameters, so staff can fix the file and try again.

Spreadsheet safety: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (after any apostrophes) could run as a formula when a spreadsheet
opens the export, so it is written with one more leading apostrophe, which reading
removes again.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MAX_ROWS_PER_FILE = 200_000
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
MAX_FILES_IN_ZIP = 64
# Apostrophes first, so a value that itself starts with "'=" survives the round trip.
_FORMULA_START = re.compile("^'*[=+\\-@\t\r]")
_UNGUARD = re.compile("^'+[=+\\-@\t\r]")
# Free text keeps its leading spaces (Markdown); every other cell is trimmed.
FREE_TEXT_COLUMNS = frozenset({"description", "eligibility_description"})
KEY = "resources.hsds."


@dataclass(frozen=True)
class Problem:
    """A reason an import was refused: where, and a message key with parameters."""

    file: str
    line: int
    key: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def params_dict(self) -> dict[str, str]:
        return dict(self.params)


def problem(file: str, line: int, code: str, **params: object) -> Problem:
    return Problem(file, line, KEY + code,
                   tuple(sorted((name, str(value)[:80]) for name, value in params.items())))


@dataclass
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def guard_cell(value: str) -> str:
    return "'" + value if _FORMULA_START.match(value) else value


def unguard_cell(value: str) -> str:
    return value[1:] if _UNGUARD.match(value) else value


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        problems.append(problem(name, data.count(b"\n", 0, bad.start) + 1, "bad_encoding"))
        return None


def read_table(name: str, data: bytes, *, required: tuple[str, ...],
               problems: list[Problem]) -> Table | None:
    """Rows as ``(line, {column: value})``; None (with problems added) when unreadable."""
    text = _decode(name, data, problems)
    if text is None:
        return None
    if "\x00" in text:
        problems.append(problem(name, text.count("\n", 0, text.index("\x00")) + 1, "bad_csv"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        problems.append(problem(name, 1, "bad_csv"))
        return None
    if not header or not any(cell.strip() for cell in header):
        problems.append(problem(name, 1, "empty_file"))
        return None
    columns = tuple(cell.strip().lower() for cell in header)
    before = len(problems)
    for column in sorted({c for c in columns if columns.count(c) > 1}):
        problems.append(problem(name, 1, "duplicate_column", column=column))
    for column in required:
        if column not in columns:
            problems.append(problem(name, 1, "missing_column", column=column))
    if len(problems) > before:
        return None
    table = Table(name, columns)
    free_text = [index for index, column in enumerate(columns) if column in FREE_TEXT_COLUMNS]
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error:
            problems.append(problem(name, reader.line_num, "bad_csv"))
            return None
        if row is None:
            return table
        if not "".join(row).strip():
            continue
        if len(row) != len(columns):
            problems.append(problem(name, start, "field_count", expected=len(columns),
                                    found=len(row)))
            continue
        if len(table.rows) >= MAX_ROWS_PER_FILE:
            problems.append(problem(name, start, "too_many_rows", most=MAX_ROWS_PER_FILE))
            return None
        values = [cell.strip() for cell in row]
        for index in free_text:
            values[index] = row[index]
        for index, value in enumerate(values):
            if value[:1] == "'":  # rare: only then look for a guarded formula
                values[index] = unguard_cell(value)
        table.rows.append((start, dict(zip(columns, values, strict=True))))


def _cell(column: str, value: str) -> str:
    # Phone numbers are checked to be digits and punctuation: a leading "+" is no formula.
    return value if column == "number" else guard_cell(value)


def write_table(columns: tuple[str, ...], rows: Iterable[Mapping[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(column, str(row.get(column, "") or "")) for column in columns])
    return out.getvalue().encode("utf-8")


def pack_zip(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _base_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()


def unpack_upload(uploads: Iterable[tuple[str, bytes]],
                  problems: list[Problem]) -> dict[str, bytes]:
    """CSV files by base name, from uploaded ``.csv`` files and/or one ``.zip`` of them.

    Sizes are checked while decompressing, never trusted from the archive's header.
    """
    files: dict[str, bytes] = {}
    budget = MAX_PACKAGE_BYTES
    for upload_name, data in uploads:
        base = _base_name(upload_name)
        if base.endswith(".zip"):
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
                members = [info for info in archive.infolist() if not info.is_dir()]
            except (zipfile.BadZipFile, OSError, ValueError):
                problems.append(problem(base, 0, "bad_zip"))
                continue
            if len(members) > MAX_FILES_IN_ZIP:
                problems.append(problem(base, 0, "bad_zip"))
                continue
            for info in members:
                inner = _base_name(info.filename)
                if not inner.endswith(".csv") or inner.startswith("."):
                    continue
                try:
                    with archive.open(info) as handle:
                        content = handle.read(budget + 1)
                except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
                    problems.append(problem(base, 0, "bad_zip"))
                    continue
                budget -= len(content)
                if budget < 0:
                    problems.append(problem(inner, 0, "too_large"))
                    return files
                files[inner] = content
        elif base.endswith(".csv"):
            budget -= len(data)
            if budget < 0:
                problems.append(problem(base, 0, "too_large"))
                return files
            files[base] = data
        elif base:
            problems.append(problem(base, 0, "not_csv"))
    return files

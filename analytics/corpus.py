"""Loading a corpus: a folder or zip of seed-format .txt articles, or a CSV / JSON Lines file.

Seed format: one article per file named ``NNN_<hash>.txt``; the article id is the file stem.
The file starts with the header `` date YYYY-MM`` (leading space optional) and the body follows on
the same line and the next lines.

Loading never stops at a bad file. Every file or row that cannot be used becomes a
:class:`Skipped` entry naming the file and the reason; decoding fallbacks (UTF-8 with BOM, cp1252)
become :class:`LoadNote` entries, so the user can see what was guessed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ].*)?)?$")
HEADER_RE = re.compile(r"\A[ \t]*date[ \t]+(\S+)[ \t]*")
REQUIRED_COLUMNS = ("id", "date", "text")
OPTIONAL_COLUMNS = ("title", "source")
#: Largest accepted single article, in bytes; anything bigger is not a news article.
MAX_ARTICLE_BYTES = 5_000_000


class CorpusError(ValueError):
    """Nothing could be loaded from the given corpus path."""


@dataclass(frozen=True)
class Article:
    """One loaded article before cleaning.

    ``text`` is the body as decoded from the source (header removed); ``source_file`` names the
    file (and row or archive member) it came from.
    """

    id: str
    month: str
    text: str
    title: str = ""
    source: str = ""
    source_file: str = ""

    @property
    def content_key(self) -> str:
        """SHA-1 of the body: the cache key of all per-article work."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """A file or row that was not loaded, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class LoadNote:
    """Something the loader guessed or repaired but still loaded (an encoding fallback)."""

    file: str
    note: str


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[LoadNote] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.articles)} articles loaded, {len(self.skipped)} skipped, "
            f"{len(self.notes)} decoding notes"
        )


def parse_month(value: str) -> str:
    """Return ``YYYY-MM`` for ``YYYY-MM`` or a full ISO date; raise ValueError naming the value."""
    m = MONTH_RE.match(value.strip())
    if not m:
        raise ValueError(f"date {value!r} is not YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    if not 1 <= month <= 12:
        raise ValueError(f"impossible month {value!r} (month {month:02d} is not 01-12)")
    if day is not None:
        import datetime

        try:
            datetime.date(year, month, int(day))
        except ValueError:
            raise ValueError(f"impossible date {value!r}") from None
    return f"{year:04d}-{month:02d}"


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode article bytes; return ``(text, note)`` where ``note`` says which fallback was used.

    Order: UTF-8 with BOM, UTF-8, cp1252. Raises ValueError for binary or undecodable data.
    """
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file (contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "decoded as UTF-8 with a byte-order mark"
        except UnicodeDecodeError as exc:
            raise ValueError(f"undecodable bytes after a UTF-8 BOM at offset {exc.start + 3}") from None
    try:
        text, note = data.decode("utf-8"), None
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ValueError(
                f"undecodable bytes: neither UTF-8 (bad byte at offset {utf8_error.start}) nor cp1252"
            ) from None
        note = f"not valid UTF-8 (bad byte at offset {utf8_error.start}); decoded as cp1252"
    control = sum(1 for ch in text[:4096] if ch < " " and ch not in "\n\r\t\f")
    if control > 0.05 * min(len(text), 4096):
        raise ValueError("binary file (too many control characters)")
    return text, note


def parse_seed_text(text: str) -> tuple[str, str]:
    """Split a seed-format article into ``(month, body)``; raise ValueError with the reason."""
    m = HEADER_RE.match(text)
    if not m:
        first = text.strip().splitlines()[0][:40] if text.strip() else ""
        raise ValueError(f"no ' date YYYY-MM' header (file starts with {first!r})")
    month = parse_month(m.group(1))
    body = text[m.end():].strip()
    if not body:
        raise ValueError("header but no article text")
    return month, body


def _article_from_bytes(data: bytes, article_id: str, label: str, result: LoadResult) -> None:
    try:
        if len(data) > MAX_ARTICLE_BYTES:
            raise ValueError(f"file is {len(data):,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit")
        text, note = decode_bytes(data)
        month, body = parse_seed_text(text)
    except ValueError as exc:
        result.skipped.append(Skipped(label, str(exc)))
        return
    if note:
        result.notes.append(LoadNote(label, note))
    result.articles.append(Article(article_id, month, body, source_file=label))


def _load_folder(folder: Path, result: LoadResult) -> None:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.suffix.lower() != ".txt":
            result.skipped.append(Skipped(rel, "not a .txt article"))
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.skipped.append(Skipped(rel, f"cannot read: {exc.strerror or exc}"))
            continue
        _article_from_bytes(data, path.stem, rel, result)


def safe_member_name(name: str) -> bool:
    """True when a zip member name is relative and stays inside the archive root."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return False
    return ".." not in PurePosixPath(name.replace("\\", "/")).parts


def _load_zip(source: Path | io.BytesIO, label: str, result: LoadResult, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorpusError(f"{label}: not a readable zip archive ({exc})") from None
    total = 0
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            name = info.filename
            member = f"{label}:{name}"
            if info.is_dir():
                continue
            if not safe_member_name(name):
                result.skipped.append(Skipped(member, "unsafe path in archive (absolute or '..')"))
                continue
            base = PurePosixPath(name).name
            if base.startswith(".") or "__MACOSX" in name:
                continue
            if not base.lower().endswith(".txt"):
                result.skipped.append(Skipped(member, "not a .txt article"))
                continue
            total += info.file_size
            if total > max_bytes:
                result.skipped.append(
                    Skipped(member, f"archive unpacks to more than {max_bytes:,} bytes; rest not read")
                )
                break
            _article_from_bytes(archive.read(info), PurePosixPath(base).stem, member, result)


def _rows_to_articles(rows: Iterable[tuple[int, dict]], label: str, result: LoadResult) -> None:
    seen: set[str] = set()
    for row_no, row in rows:
        where = f"{label} row {row_no}"
        article_id = str(row.get("id") or "").strip()
        text = str(row.get("text") or "").strip()
        if not article_id:
            result.skipped.append(Skipped(where, "empty id"))
            continue
        if article_id in seen:
            result.skipped.append(Skipped(where, f"duplicate id {article_id!r}"))
            continue
        try:
            month = parse_month(str(row.get("date") or ""))
        except ValueError as exc:
            result.skipped.append(Skipped(where, str(exc)))
            continue
        if not text:
            result.skipped.append(Skipped(where, "empty text"))
            continue
        seen.add(article_id)
        result.articles.append(
            Article(
                article_id,
                month,
                text,
                title=str(row.get("title") or "").strip(),
                source=str(row.get("source") or "").strip(),
                source_file=where,
            )
        )


def _decode_table(data: bytes, label: str, result: LoadResult) -> str:
    try:
        text, note = decode_bytes(data)
    except ValueError as exc:
        raise CorpusError(f"{label}: {exc}") from None
    if note:
        result.notes.append(LoadNote(label, note))
    return text


def _load_csv(data: bytes, label: str, result: LoadResult) -> None:
    text = _decode_table(data, label, result)
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CorpusError(f"{label}: missing column(s) {', '.join(missing)} (found: {', '.join(columns) or 'none'})")
    reader.fieldnames = columns

    def rows() -> Iterator[tuple[int, dict]]:
        try:
            for n, row in enumerate(reader, start=2):
                yield n, row
        except csv.Error as exc:
            result.skipped.append(Skipped(f"{label} line {reader.line_num}", f"malformed CSV: {exc}"))

    _rows_to_articles(rows(), label, result)


def _load_jsonl(data: bytes, label: str, result: LoadResult) -> None:
    text = _decode_table(data, label, result)

    def rows() -> Iterator[tuple[int, dict]]:
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                result.skipped.append(Skipped(f"{label} line {n}", f"invalid JSON: {exc.msg}"))
                continue
            if not isinstance(obj, dict):
                result.skipped.append(Skipped(f"{label} line {n}", "not a JSON object"))
                continue
            missing = [c for c in REQUIRED_COLUMNS if c not in obj]
            if missing:
                result.skipped.append(Skipped(f"{label} line {n}", f"missing field(s) {', '.join(missing)}"))
                continue
            yield n, {k.lower(): v for k, v in obj.items()}

    _rows_to_articles(rows(), label, result)


def load_corpus(path: str | Path, *, max_bytes: int = 2_000_000_000) -> LoadResult:
    """Load every article under ``path`` (folder, .zip, .csv, .jsonl/.ndjson).

    Raises :class:`CorpusError` only when the path itself is unusable (missing, unknown type, a
    table without its required columns); per-file problems are reported in ``result.skipped``.
    """
    path = Path(path)
    result = LoadResult()
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if path.is_dir():
        _load_folder(path, result)
        return result
    suffix = path.suffix.lower()
    if suffix == ".zip":
        _load_zip(path, path.name, result, max_bytes)
    elif suffix in (".csv", ".jsonl", ".ndjson"):
        load_bytes(path.read_bytes(), path.name, result=result)
    else:
        raise CorpusError(f"{path}: unknown corpus type {suffix or '(no extension)'}; use a folder, .zip, .csv or .jsonl")
    return result


def load_bytes(
    data: bytes, filename: str, *, max_bytes: int = 200_000_000, result: LoadResult | None = None
) -> LoadResult:
    """Load an uploaded corpus held in memory (a .zip, .csv or .jsonl, by ``filename``'s suffix).

    Nothing is written to disk: zip members are read from memory, so archive paths can never
    escape a directory.
    """
    result = result if result is not None else LoadResult()
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix == ".zip":
        _load_zip(io.BytesIO(data), filename, result, max_bytes)
    elif suffix == ".csv":
        _load_csv(data, filename, result)
    elif suffix in (".jsonl", ".ndjson"):
        _load_jsonl(data, filename, result)
    elif suffix == ".txt":
        _article_from_bytes(data, PurePosixPath(filename).stem, filename, result)
    else:
        raise CorpusError(f"{filename}: unknown corpus type {suffix or '(no extension)'}; use .zip, .csv or .jsonl")
    return result

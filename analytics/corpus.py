"""Loading a corpus: a folder or zip of seed-format .txt articles, or a CSV / JSON Lines file.

Seed format: one article per file named ``NNN_<hash>.txt``; the article id is the file stem.
The file starts with the header `` date YYYY-MM`` (leading space optional) and the body follows on
the same line and the next lines.

Loading never stops at a bad file. Every file, archive member or row that cannot be used, for
any reason, becomes a :class:`Skipped` entry naming it and the reason; decoding fallbacks (UTF-8
with BOM, UTF-16/32 with BOM, cp1252) and repairs (a renamed duplicate id, ignored extra CSV
fields, a title that is not text) become :class:`LoadNote` entries, so the user can see what was
guessed.

Hostile input rules:

* Folders: only regular files inside the folder are opened. A symbolic link is read only when
  it resolves to a regular file inside the corpus folder; links to anything outside it, links to
  folders, FIFOs, devices and sockets are skipped without being opened. Files are opened
  non-blocking and read up to :data:`MAX_ARTICLE_BYTES` + 1 bytes, whatever their size claims.
* Zip archives: a member's size is checked against its header before it is decompressed, and
  it is read in chunks with the same hard cap (headers can lie). An encrypted, corrupt or
  unsupported member is skipped; the rest of the archive loads.
* Ids: two files with the same stem (same name in two sub-folders, or a repeated zip member)
  keep both articles: in path order the first keeps the stem, each later one gets ``__2``,
  ``__3``, ... (the first free suffix), with a note. In a CSV / JSON Lines table a repeated id is
  a skipped row.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import stat
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
#: Named entities are recognised in the first this many characters of an article's cleaned text
#: (about 15,000 words, several times the longest news article); a longer article gets a note.
MAX_RECOGNISED_CHARS = 100_000
#: Bytes read from a file or archive member at a time.
_CHUNK = 1 << 20
#: Byte-order marks that identify UTF-32 / UTF-16 (UTF-32 first: its LE mark starts like UTF-16's).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


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

    Order: UTF-32 / UTF-16 with a byte-order mark, UTF-8 with BOM, UTF-8, cp1252. Raises
    ValueError for empty, binary or undecodable data.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise ValueError(f"undecodable bytes after a {name} byte-order mark at offset {exc.start + len(bom)}") from None
            if not text.strip():
                raise ValueError("empty file")
            _check_control(text)
            return text, f"decoded as {name} with a byte-order mark"
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
    _check_control(text)
    return text, note


#: Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _check_control(text: str) -> None:
    head = text[:4096]
    if len(_CONTROL.findall(head)) > 0.05 * len(head):
        raise ValueError("binary file (too many control characters)")


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
    except Exception as exc:  # a failure nobody foresaw still skips this file only
        result.skipped.append(Skipped(label, _unexpected(exc)))
        return
    if note:
        result.notes.append(LoadNote(label, note))
    result.articles.append(Article(article_id, month, body, source_file=label))


def _unexpected(exc: Exception) -> str:
    return f"unexpected error ({type(exc).__name__}: {exc})"


def _kind(mode: int) -> str:
    """A person's name for a non-regular file type."""
    for test, name in (
        (stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"), (stat.S_ISLNK, "symbolic link"),
    ):
        if test(mode):
            return name
    return "special file"


def _too_big(size: int) -> str:
    return f"file is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit"


def read_regular_file(path: str | Path, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of a regular file, read without blocking, without following a final symbolic
    link and never more than ``limit`` bytes; ValueError (with the reason) otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"not a regular file ({_kind(info.st_mode)}); not read")
        if info.st_size > limit:
            raise ValueError(_too_big(info.st_size))
        chunks, total = [], 0
        while chunk := os.read(fd, min(_CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ValueError(f"file grew past the {limit:,} byte limit while being read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _walk(root: Path, result: LoadResult) -> list[tuple[tuple[str, ...], os.stat_result]]:
    """Every non-folder entry under ``root`` (symbolic links not followed, hidden names left out),
    as (relative path parts, lstat), sorted by path."""
    found = []
    pending: list[tuple[str, ...]] = [()]
    while pending:
        parts = pending.pop()
        try:
            with os.scandir(root.joinpath(*parts)) as entries:
                listed = [(e.name, e.stat(follow_symlinks=False)) for e in entries if not e.name.startswith(".")]
        except OSError as exc:
            result.skipped.append(Skipped("/".join(parts) or ".", f"cannot list folder: {exc.strerror or exc}"))
            continue
        for name, info in listed:
            if stat.S_ISDIR(info.st_mode):
                pending.append(parts + (name,))
            else:
                found.append((parts + (name,), info))
    return sorted(found, key=lambda item: item[0])


def _load_folder(folder: Path, result: LoadResult) -> None:
    root = folder.resolve()
    for parts, info in _walk(root, result):
        rel = "/".join(parts)
        path = root.joinpath(*parts)
        if stat.S_ISLNK(info.st_mode):
            target = Path(os.path.realpath(path))
            if target != root and root not in target.parents:
                result.skipped.append(Skipped(rel, "symbolic link to a path outside the corpus folder; not read"))
                continue
            try:
                info = target.lstat()
            except OSError as exc:
                result.skipped.append(Skipped(rel, f"broken symbolic link: {exc.strerror or exc}"))
                continue
            if not stat.S_ISREG(info.st_mode):
                result.skipped.append(Skipped(rel, f"symbolic link to a {_kind(info.st_mode)}; not followed"))
                continue
            path = target
        elif not stat.S_ISREG(info.st_mode):
            result.skipped.append(Skipped(rel, f"not a regular file ({_kind(info.st_mode)}); not opened"))
            continue
        if Path(parts[-1]).suffix.lower() != ".txt":
            result.skipped.append(Skipped(rel, "not a .txt article"))
            continue
        if info.st_size > MAX_ARTICLE_BYTES:
            result.skipped.append(Skipped(rel, _too_big(info.st_size)))
            continue
        try:
            data = read_regular_file(path)
        except OSError as exc:
            result.skipped.append(Skipped(rel, f"cannot read: {exc.strerror or exc}"))
            continue
        except ValueError as exc:
            result.skipped.append(Skipped(rel, str(exc)))
            continue
        _article_from_bytes(data, Path(parts[-1]).stem, rel, result)


def safe_member_name(name: str) -> bool:
    """True when a zip member name is relative and stays inside the archive root."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return False
    return ".." not in PurePosixPath(name.replace("\\", "/")).parts


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, decompressed in chunks and never more than ``limit`` bytes."""
    chunks, total = [], 0
    with archive.open(info) as fh:
        while chunk := fh.read(min(_CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ValueError(
                    f"member unpacks to more than {limit:,} bytes (its header says {info.file_size:,}); not read further"
                )
    return b"".join(chunks)


def _load_zip(source: Path | io.BytesIO, label: str, result: LoadResult, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(source)
    except Exception as exc:  # any failure to open means the archive itself is unusable
        raise CorpusError(f"{label}: not a readable zip archive ({type(exc).__name__}: {exc})") from None
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
            if stat.S_ISLNK(info.external_attr >> 16):
                result.skipped.append(Skipped(member, "symbolic link inside the archive; not read"))
                continue
            if info.flag_bits & 0x1:
                result.skipped.append(Skipped(member, "encrypted (password-protected) member; not read"))
                continue
            if info.file_size > MAX_ARTICLE_BYTES:
                result.skipped.append(
                    Skipped(member, f"member unpacks to {info.file_size:,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit; not decompressed")
                )
                continue
            total += info.file_size
            if total > max_bytes:
                result.skipped.append(
                    Skipped(member, f"archive unpacks to more than {max_bytes:,} bytes; rest not read")
                )
                break
            try:
                data = _read_member(archive, info, MAX_ARTICLE_BYTES)
            except ValueError as exc:
                result.skipped.append(Skipped(member, str(exc)))
                continue
            except Exception as exc:  # bad CRC, zlib.error, unsupported method...: this member only
                result.skipped.append(Skipped(member, f"cannot decompress member ({type(exc).__name__}: {exc})"))
                continue
            _article_from_bytes(data, PurePosixPath(base).stem, member, result)


def _finish(result: LoadResult) -> LoadResult:
    """Unique ids, and a note on every article too long to be recognised in full."""
    make_ids_unique(result)
    noted = {n.file for n in result.notes if n.note.startswith("article is ")}
    for article in result.articles:
        if len(article.text) > MAX_RECOGNISED_CHARS and article.source_file not in noted:
            result.notes.append(LoadNote(
                article.source_file,
                f"article is {len(article.text):,} characters; named entities are recognised in its first "
                f"{MAX_RECOGNISED_CHARS:,} characters only",
            ))
    return result


def make_ids_unique(result: LoadResult) -> None:
    """Give every article a distinct id: in load order the first keeps its id, each later one
    with the same id gets ``__2``, ``__3``, ... (the first suffix no other article has), noted."""
    ids = [a.id for a in result.articles]
    if len(set(ids)) == len(ids):
        return
    taken, first_file = set(ids), {}
    renamed = []
    for article in result.articles:
        if article.id not in first_file:
            first_file[article.id] = article.source_file
            renamed.append(article)
            continue
        n = 2
        while f"{article.id}__{n}" in taken:
            n += 1
        new_id = f"{article.id}__{n}"
        taken.add(new_id)
        result.notes.append(
            LoadNote(article.source_file, f"id {article.id!r} is already used by {first_file[article.id]}; this article's id is {new_id!r}")
        )
        renamed.append(dataclasses.replace(article, id=new_id))
    result.articles = renamed


_JSON_TYPE_NAMES = {list: "a list", dict: "an object", bool: "true/false"}


def _cell_text(value, field: str) -> str:
    """A table cell as text: strings as they are, numbers written out (``0`` is ``"0"``), None
    empty; ValueError naming the field for lists, objects and true/false."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    kind = _JSON_TYPE_NAMES.get(type(value), type(value).__name__)
    raise ValueError(f"{field} is {kind}, not text")


def _text_too_big(text: str) -> str | None:
    if len(text) * 4 > MAX_ARTICLE_BYTES:
        size = len(text.encode("utf-8"))
        if size > MAX_ARTICLE_BYTES:
            return f"text is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit"
    return None


def _rows_to_articles(rows: Iterable[tuple[int, dict]], label: str, result: LoadResult) -> None:
    seen: set[str] = set()
    for row_no, row in rows:
        where = f"{label} row {row_no}"
        try:
            _row_to_article(row, where, seen, result)
        except Exception as exc:  # a failure nobody foresaw still skips this row only
            result.skipped.append(Skipped(where, _unexpected(exc)))


def _row_to_article(row: dict, where: str, seen: set[str], result: LoadResult) -> None:
    """One table row: an article appended to ``result``, or a skip with the reason."""
    try:
        article_id = _cell_text(row.get("id"), "id").strip()
        text = _cell_text(row.get("text"), "text").strip()
        date = _cell_text(row.get("date"), "date")
    except ValueError as exc:
        result.skipped.append(Skipped(where, str(exc)))
        return
    if not article_id:
        result.skipped.append(Skipped(where, "empty id"))
        return
    if article_id in seen:
        result.skipped.append(Skipped(where, f"duplicate id {article_id!r}"))
        return
    try:
        month = parse_month(date)
    except ValueError as exc:
        result.skipped.append(Skipped(where, str(exc)))
        return
    if not text:
        result.skipped.append(Skipped(where, "empty text"))
        return
    too_big = _text_too_big(text)
    if too_big:
        result.skipped.append(Skipped(where, too_big))
        return
    extras = {}
    for name in OPTIONAL_COLUMNS:
        try:
            extras[name] = _cell_text(row.get(name), name).strip()
        except ValueError as exc:
            extras[name] = ""
            result.notes.append(LoadNote(where, f"{exc}; left empty"))
    seen.add(article_id)
    result.articles.append(Article(article_id, month, text, source_file=where, **extras))


def _decode_table(data: bytes, label: str, result: LoadResult) -> str:
    try:
        text, note = decode_bytes(data)
    except ValueError as exc:
        raise CorpusError(f"{label}: {exc}") from None
    if note:
        result.notes.append(LoadNote(label, note))
    return text


class _Lines:
    """Physical lines of a text as an iterator whose position can be read and moved back."""

    def __init__(self, lines: list[str], pos: int = 0):
        self.lines, self.pos = lines, pos

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _load_csv(data: bytes, label: str, result: LoadResult) -> None:
    """CSV rows; a malformed record (an unterminated quote: a row over several lines with an odd
    number of ``"``) is skipped with the line it starts on, and reading resumes on the next line,
    so no following row is lost. Fields of any length are read (the file's size bounds them)."""
    text = _decode_table(data, label, result)
    # One text cell may hold a whole article; the whole file is in memory already.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    lines = _Lines(io.StringIO(text, newline="").readlines())
    try:
        header = next(csv.reader(lines))
    except (StopIteration, csv.Error) as exc:
        raise CorpusError(f"{label}: no readable header row ({exc or 'empty'})") from None
    columns = [c.strip().lower() for c in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CorpusError(f"{label}: missing column(s) {', '.join(missing)} (found: {', '.join(columns) or 'none'})")
    extra_rows: list[int] = []

    def rows() -> Iterator[tuple[int, dict]]:
        row_no = 1
        while lines.pos < len(lines.lines):
            reader = csv.reader(lines)
            start = lines.pos
            try:
                for cells in reader:
                    first_line, end = start + 1, lines.pos
                    start = end
                    if not cells:
                        continue
                    row_no += 1
                    # A row over several lines with an odd number of quote characters has a quote
                    # that never closed where it should: it swallowed the lines after it.
                    if end > first_line and sum(line.count('"') for line in lines.lines[first_line - 1:end]) % 2:
                        tail = "the end of the file" if end == len(lines.lines) else f"line {end}"
                        result.skipped.append(Skipped(
                            f"{label} line {first_line}",
                            f"unterminated quote: the row runs on to {tail}; "
                            f"row skipped, reading resumes at line {first_line + 1}",
                        ))
                        lines.pos = first_line
                        break
                    if len(cells) > len(columns):
                        extra_rows.append(row_no)
                    yield row_no, dict(zip(columns, cells))
                else:
                    return
            except csv.Error as exc:
                result.skipped.append(Skipped(f"{label} line {start + 1}", f"malformed CSV: {exc}; row skipped"))
                lines.pos = start + 1

    _rows_to_articles(rows(), label, result)
    if extra_rows:
        result.notes.append(LoadNote(
            label,
            f"{len(extra_rows)} row(s) have more fields than the {len(columns)} header columns "
            f"(first: row {extra_rows[0]}); the extra fields were ignored",
        ))


def _load_jsonl(data: bytes, label: str, result: LoadResult) -> None:
    text = _decode_table(data, label, result)

    def rows() -> Iterator[tuple[int, dict]]:
        # Lines end at "\n" only: U+2028 and friends are valid inside JSON strings.
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            where = f"{label} line {n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                result.skipped.append(Skipped(where, f"invalid JSON: {exc.msg}"))
                continue
            except RecursionError:
                result.skipped.append(Skipped(where, "invalid JSON: nested too deeply"))
                continue
            except ValueError as exc:  # e.g. a number with too many digits
                result.skipped.append(Skipped(where, f"invalid JSON: {exc}"))
                continue
            if not isinstance(obj, dict):
                result.skipped.append(Skipped(where, "not a JSON object"))
                continue
            row = {str(k).strip().lower(): v for k, v in obj.items()}
            if len(row) < len(obj):
                result.notes.append(LoadNote(where, "field names that differ only in case; the last one is used"))
            missing = [c for c in REQUIRED_COLUMNS if c not in row]
            if missing:
                result.skipped.append(Skipped(where, f"missing field(s) {', '.join(missing)}"))
                continue
            yield n, row

    _rows_to_articles(rows(), label, result)


def load_corpus(path: str | Path, *, max_bytes: int = 2_000_000_000) -> LoadResult:
    """Load every article under ``path`` (folder, .zip, .csv, .jsonl/.ndjson).

    Raises :class:`CorpusError` only when the path itself is unusable (missing, unknown type, a
    table without its required columns); per-file problems are reported in ``result.skipped``.
    """
    path = Path(path)
    result = LoadResult()
    try:
        info = path.stat()
    except OSError:
        raise CorpusError(f"{path}: no such file or folder") from None
    if stat.S_ISDIR(info.st_mode):
        _load_folder(path, result)
        return _finish(result)
    if not stat.S_ISREG(info.st_mode):
        raise CorpusError(f"{path}: not a regular file ({_kind(info.st_mode)})")
    suffix = path.suffix.lower()
    if suffix == ".zip":
        _load_zip(path, path.name, result, max_bytes)
    elif suffix in (".csv", ".jsonl", ".ndjson"):
        try:
            data = read_regular_file(path, max_bytes)
        except (OSError, ValueError) as exc:
            raise CorpusError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
        load_bytes(data, path.name, result=result)
    else:
        raise CorpusError(f"{path}: unknown corpus type {suffix or '(no extension)'}; use a folder, .zip, .csv or .jsonl")
    return _finish(result)


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
    return _finish(result)

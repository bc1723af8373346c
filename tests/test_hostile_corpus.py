"""Hostile corpora, generated at test time: one input per class of bad file, member or row.

Each test asserts the named skip reason (or note) and that every good file or row still loads.
"""

from __future__ import annotations

import io
import json
import os
import socket
import struct
import threading
import zipfile

import pytest

from analytics.corpus import MAX_ARTICLE_BYTES, CorpusError, load_bytes, load_corpus

GOOD = b" date 2022-01 Een goed artikel over de kat."


def reasons(result) -> dict[str, str]:
    return {s.file: s.reason for s in result.skipped}


def notes(result) -> dict[str, str]:
    return {n.file: n.note for n in result.notes}


def ids(result) -> list[str]:
    return sorted(a.id for a in result.articles)


def _load_without_hanging(path):
    """load_corpus in a thread: a loader that blocks on a FIFO fails here instead of hanging."""
    out: dict = {}

    def run() -> None:
        try:
            out["result"] = load_corpus(path)
        except Exception as exc:
            out["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "load_corpus blocked"
    if "error" in out:
        raise out["error"]
    return out["result"]


# --------------------------------------------------------------------------- folders


def test_symlink_outside_the_folder_is_skipped_unread(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "secret"
    corpus.mkdir(), outside.mkdir()
    (outside / "passwd.txt").write_bytes(b" date 2022-01 geheim wachtwoord")
    (corpus / "001_ok.txt").write_bytes(GOOD)
    (corpus / "leak.txt").symlink_to(outside / "passwd.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "dir").symlink_to(outside, target_is_directory=True)
    result = _load_without_hanging(corpus)
    assert ids(result) == ["001_ok"]
    r = reasons(result)
    assert r["leak.txt"] == "symbolic link to a path outside the corpus folder; not read"
    assert r["zero.txt"] == "symbolic link to a path outside the corpus folder; not read"
    assert r["dir"] == "symbolic link to a path outside the corpus folder; not read"
    assert not any("geheim" in a.text for a in result.articles)


def test_symlink_inside_the_folder_is_read(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "001_ok.txt").write_bytes(GOOD)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "sub" / "001_ok.txt")
    (tmp_path / "subdir").symlink_to(tmp_path / "sub", target_is_directory=True)
    result = load_corpus(tmp_path)
    assert ids(result) == ["001_ok", "alias"]
    assert reasons(result) == {"subdir": "symbolic link to a folder; not followed"}


def test_fifo_and_socket_are_skipped_without_opening(tmp_path):
    (tmp_path / "001_ok.txt").write_bytes(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "sock.txt"))
        result = _load_without_hanging(tmp_path)
    finally:
        sock.close()
    assert ids(result) == ["001_ok"]
    assert reasons(result) == {
        "pipe.txt": "not a regular file (named pipe (FIFO)); not opened",
        "sock.txt": "not a regular file (socket); not opened",
    }


def test_fifo_given_as_the_corpus_is_an_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "news.csv")
    with pytest.raises(CorpusError, match="not a regular file"):
        _load_without_hanging(tmp_path / "news.csv")


def test_file_over_the_limit_is_skipped_before_reading(tmp_path):
    (tmp_path / "001_ok.txt").write_bytes(GOOD)
    with open(tmp_path / "huge.txt", "wb") as fh:  # sparse: takes no disk space
        fh.truncate(MAX_ARTICLE_BYTES + 1)
    result = load_corpus(tmp_path)
    assert ids(result) == ["001_ok"]
    assert reasons(result)["huge.txt"] == f"file is {MAX_ARTICLE_BYTES + 1:,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit"


def test_same_file_name_in_two_sub_folders_keeps_both_with_unique_ids(tmp_path):
    for folder, word in (("a", "kat"), ("b", "hond"), ("c", "muis")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_bytes(f" date 2022-01 Een artikel over de {word}.".encode())
    (tmp_path / "001__2.txt").write_bytes(b" date 2022-01 Een artikel over de vis.")  # the suffix is taken
    result = load_corpus(tmp_path)
    by_file = {a.source_file: a.id for a in result.articles}
    assert by_file == {"001__2.txt": "001__2", "a/001.txt": "001", "b/001.txt": "001__3", "c/001.txt": "001__4"}
    assert notes(result)["b/001.txt"] == "id '001' is already used by a/001.txt; this article's id is '001__3'"


def test_same_name_builds_without_a_datasketch_crash(tmp_path):
    from analytics.build import BuildOptions, build_corpus

    for folder in ("a", "b"):
        (tmp_path / "c" / folder).mkdir(parents=True)
        (tmp_path / "c" / folder / "x.txt").write_bytes(GOOD)  # same text too: an exact duplicate
    built = build_corpus(tmp_path / "c", tmp_path / "store", options=BuildOptions(entities=False))
    assert built.report["articles"] == 2


def test_utf16_file_is_decoded_with_a_note(tmp_path):
    (tmp_path / "le.txt").write_bytes(" date 2022-01 Oekraïne en de NAVO".encode("utf-16"))
    (tmp_path / "be.txt").write_bytes(b"\xfe\xff" + " date 2022-02 café".encode("utf-16-be"))
    result = load_corpus(tmp_path)
    assert {a.id: a.text for a in result.articles} == {"le": "Oekraïne en de NAVO", "be": "café"}
    assert notes(result) == {"le.txt": "decoded as UTF-16 with a byte-order mark", "be.txt": "decoded as UTF-16 with a byte-order mark"}


# --------------------------------------------------------------------------- zip archives


def _zip(members: list[tuple[str, bytes]], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _patch_member(data: bytes, name: str, *, flag: int | None = None, method: int | None = None) -> bytes:
    """Set general-purpose flag bits or the compression method of ``name`` in both its headers."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, flag_at, method_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 8, 26, 30), (b"PK\x01\x02", 8, 10, 28, 46)):
        pos = raw.find(signature)
        while pos != -1:
            n = struct.unpack_from("<H", raw, pos + name_len_at)[0]
            if bytes(raw[pos + name_at : pos + name_at + n]) == encoded:
                if flag is not None:
                    struct.pack_into("<H", raw, pos + flag_at, struct.unpack_from("<H", raw, pos + flag_at)[0] | flag)
                if method is not None:
                    struct.pack_into("<H", raw, pos + method_at, method)
            pos = raw.find(signature, pos + 1)
    return bytes(raw)


def test_repeated_zip_member_names_keep_both_articles():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        data = _zip([("x.txt", GOOD), ("x.txt", b" date 2022-02 Een ander artikel."), ("d/x.txt", b" date 2022-03 Derde.")])
    result = load_bytes(data, "up.zip")
    assert ids(result) == ["x", "x__2", "x__3"]
    assert sorted(a.month for a in result.articles) == ["2022-01", "2022-02", "2022-03"]


def test_corrupt_member_is_skipped_and_the_rest_loads():
    data = bytearray(_zip([("a.txt", GOOD), ("b.txt", b" date 2022-01 Dit wordt beschadigd.")]))
    pos = data.find(b"beschadigd")
    data[pos] ^= 0xFF  # stored bytes no longer match the CRC
    result = load_bytes(bytes(data), "up.zip")
    assert ids(result) == ["a"]
    assert reasons(result)["up.zip:b.txt"].startswith("cannot decompress member (BadZipFile: Bad CRC-32")


def test_corrupt_deflate_stream_is_skipped():
    data = bytearray(_zip([("a.txt", GOOD), ("b.txt", b" date 2022-01 " + b"woord " * 200)], zipfile.ZIP_DEFLATED))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("b.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8
    result = load_bytes(bytes(data), "up.zip")
    assert ids(result) == ["a"]
    assert reasons(result)["up.zip:b.txt"].startswith("cannot decompress member (")


def test_encrypted_member_is_skipped_unread():
    data = _patch_member(_zip([("a.txt", GOOD), ("b.txt", GOOD)]), "b.txt", flag=0x1)
    result = load_bytes(data, "up.zip")
    assert ids(result) == ["a"]
    assert reasons(result) == {"up.zip:b.txt": "encrypted (password-protected) member; not read"}


def test_unsupported_compression_is_skipped():
    data = _patch_member(_zip([("a.txt", GOOD), ("b.txt", GOOD)]), "b.txt", method=99)
    result = load_bytes(data, "up.zip")
    assert ids(result) == ["a"]
    assert reasons(result)["up.zip:b.txt"].startswith("cannot decompress member (NotImplementedError")


def test_member_over_the_limit_is_not_decompressed():
    big = b" date 2022-01 " + b"0" * MAX_ARTICLE_BYTES
    result = load_bytes(_zip([("a.txt", GOOD), ("big.txt", big)], zipfile.ZIP_DEFLATED), "up.zip")
    assert ids(result) == ["a"]
    assert reasons(result)["up.zip:big.txt"] == (
        f"member unpacks to {len(big):,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit; not decompressed"
    )


# --------------------------------------------------------------------------- JSON Lines


def _jsonl(*objs) -> bytes:
    return ("\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objs) + "\n").encode()


def test_deeply_nested_json_line_is_skipped():
    deep = '{"id": "x", "date": "2022-01", "text": ' + "[" * 200_000 + "]" * 200_000 + "}"
    data = _jsonl({"id": "a", "date": "2022-01", "text": "goed"}, deep, {"id": "b", "date": "2022-01", "text": "ook goed"})
    result = load_bytes(data, "t.jsonl")
    assert ids(result) == ["a", "b"]
    assert reasons(result) == {"t.jsonl line 2": "invalid JSON: nested too deeply"}


def test_json_id_zero_and_upper_case_keys_load():
    data = _jsonl({"id": 0, "date": "2022-01", "text": "nul"}, {"ID": "X", "Date": "2022-02", "TEXT": "hoofdletters", "Title": "T"})
    result = load_bytes(data, "t.jsonl")
    assert [(a.id, a.month, a.text, a.title) for a in result.articles] == [("0", "2022-01", "nul", ""), ("X", "2022-02", "hoofdletters", "T")]
    assert result.skipped == []


def test_json_list_text_is_a_named_skip_not_its_repr():
    data = _jsonl({"id": "a", "date": "2022-01", "text": ["een", "lijst"]}, {"id": "b", "date": "2022-01", "text": "goed"},
                  {"id": "c", "date": "2022-01", "text": "titel fout", "title": {"x": 1}}, {"id": True, "date": "2022-01", "text": "t"})
    result = load_bytes(data, "t.jsonl")
    assert ids(result) == ["b", "c"]
    assert reasons(result) == {"t.jsonl row 1": "text is a list, not text", "t.jsonl row 4": "id is true/false, not text"}
    assert notes(result) == {"t.jsonl row 3": "title is an object, not text; left empty"}


def test_json_line_separator_inside_a_string_is_not_a_line_break():
    result = load_bytes(_jsonl({"id": "a", "date": "2022-01", "text": "een\u2028twee\x85drie"}), "t.jsonl")
    assert ids(result) == ["a"] and result.skipped == []


# --------------------------------------------------------------------------- CSV


def test_csv_field_over_131072_characters_loads_and_nothing_after_it_is_lost():
    long_text = "woord " * 40_000  # 240,000 characters
    rows = ["id,date,text", f'a,2022-01,"{long_text}"'] + [f"r{i},2022-01,tekst {i}" for i in range(10)]
    result = load_bytes(("\n".join(rows) + "\n").encode(), "t.csv")
    assert ids(result) == sorted(["a"] + [f"r{i}" for i in range(10)])
    assert result.skipped == []


def test_csv_unterminated_quote_is_reported_and_the_rows_after_it_load():
    text = 'id,date,text\na,2022-01,"open maar nooit dicht\nb,2022-01,goed\nc,2022-02,ook goed\n'
    result = load_bytes(text.encode(), "t.csv")
    assert ids(result) == ["b", "c"]
    assert reasons(result) == {
        "t.csv line 2": "unterminated quote: the row runs on to the end of the file; row skipped, reading resumes at line 3"
    }


def test_csv_quote_that_closes_in_a_later_row_is_reported():
    text = 'id,date,text\na,2022-01,"open\nb,2022-01,goed\nc,2022-02,"netjes"\nd,2022-02,laatste\n'
    result = load_bytes(text.encode(), "t.csv")
    assert ids(result) == ["b", "c", "d"]
    assert list(reasons(result)) == ["t.csv line 2"]


def test_csv_multi_line_quoted_text_still_loads():
    text = 'id,date,text\na,2022-01,"regel een\n\nregel ""twee"""\nb,2022-01,goed\n'
    result = load_bytes(text.encode(), "t.csv")
    assert {a.id: a.text for a in result.articles} == {"a": 'regel een\n\nregel "twee"', "b": "goed"}


def test_csv_extra_fields_give_a_note():
    text = "id,date,text\na,2022-01,tekst,extra\nb,2022-01,tekst\nc,2022-01,tekst,x,y\n"
    result = load_bytes(text.encode(), "t.csv")
    assert ids(result) == ["a", "b", "c"]
    assert notes(result) == {"t.csv": "2 row(s) have more fields than the 3 header columns (first: row 2); the extra fields were ignored"}


def test_csv_utf16_is_decoded_with_a_note():
    result = load_bytes("id,date,text\na,2022-01,Oekraïne\n".encode("utf-16"), "t.csv")
    assert [(a.id, a.text) for a in result.articles] == [("a", "Oekraïne")]
    assert notes(result) == {"t.csv": "decoded as UTF-16 with a byte-order mark"}


def test_csv_text_over_the_article_limit_is_skipped():
    text = f"id,date,text\na,2022-01,{'x' * (MAX_ARTICLE_BYTES + 1)}\nb,2022-01,goed\n"
    result = load_bytes(text.encode(), "t.csv")
    assert ids(result) == ["b"]
    assert reasons(result) == {"t.csv row 2": f"text is {MAX_ARTICLE_BYTES + 1:,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit"}


def test_cli_prints_hostile_file_names_without_control_characters(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "001_ok.txt").write_bytes(GOOD)
    (tmp_path / "c" / "evil\x1b]0;pwned\x07\r.md").write_bytes(b"x")
    done = subprocess.run([sys.executable, "-m", "analytics", "build", str(tmp_path / "c"), "--store", str(tmp_path / "s"),
                           "--no-entities"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "skipped evil ]0;pwned  .md: not a .txt article" in done.stderr
    assert "\x1b" not in done.stderr and "\r" not in done.stderr


def test_an_unforeseen_failure_skips_one_file_or_row_only(tmp_path, monkeypatch):
    import analytics.corpus as corpus

    real_parse, real_month = corpus.parse_seed_text, corpus.parse_month

    def parse(text):
        if "ontplof" in text:
            raise TypeError("boom")
        return real_parse(text)

    def month(value):
        if value == "2022-09":
            raise KeyError("boom")
        return real_month(value)

    monkeypatch.setattr(corpus, "parse_seed_text", parse)
    monkeypatch.setattr(corpus, "parse_month", month)
    (tmp_path / "001_ok.txt").write_bytes(GOOD)
    (tmp_path / "002_bad.txt").write_bytes(b" date 2022-01 ontplof")
    result = load_corpus(tmp_path)
    assert ids(result) == ["001_ok"]
    assert reasons(result) == {"002_bad.txt": "unexpected error (TypeError: boom)"}
    table = load_bytes(b"id,date,text\na,2022-09,x\nb,2022-01,y\n", "t.csv")
    assert ids(table) == ["b"]
    assert reasons(table) == {"t.csv row 2": "unexpected error (KeyError: 'boom')"}

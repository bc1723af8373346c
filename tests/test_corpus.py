import io
import zipfile

import pytest

from analytics.corpus import CorpusError, load_bytes, load_corpus, parse_month


def reasons(result):
    return {s.file: s.reason for s in result.skipped}


def test_seed_articles_load_with_month_and_id():
    result = load_corpus("seeds")
    assert [(a.id, a.month) for a in result.articles] == [
        ("000_5775cc61dc2f6202", "2022-02"),
        ("003_8fd9f0161f3df59e", "2022-01"),
    ]
    assert result.articles[0].text.startswith("De Amerikaanse regering")
    assert result.skipped == [] and result.notes == []


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("no_header.txt", b"Gewoon tekst zonder kop.", "no ' date YYYY-MM' header"),
        ("bad_month.txt", b" date 2022-13 Tekst.", "impossible month '2022-13'"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("undecodable.txt", b" date 2022-01 caf\x81\x8d\x8f\x90\x9d", "undecodable bytes"),
        ("header_only.txt", b" date 2022-01   ", "header but no article text"),
    ],
)
def test_bad_file_is_skipped_with_reason_and_others_load(tmp_path, name, data, reason):
    (tmp_path / "001_ok.txt").write_text(" date 2022-01 Een goed artikel.", encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    result = load_corpus(tmp_path)
    assert [a.id for a in result.articles] == ["001_ok"]
    assert reason in reasons(result)[name]


def test_bom_and_cp1252_load_with_a_note(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf date 2022-03 Oekra\xc3\xafne")
    (tmp_path / "cp.txt").write_bytes(" date 2022-04 Oekraïne café".encode("cp1252"))
    result = load_corpus(tmp_path)
    texts = {a.id: a.text for a in result.articles}
    assert texts == {"bom": "Oekraïne", "cp": "Oekraïne café"}
    notes = {n.file: n.note for n in result.notes}
    assert "byte-order mark" in notes["bom.txt"]
    assert "decoded as cp1252" in notes["cp.txt"]


def test_non_txt_files_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2022-01 Tekst.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert reasons(load_corpus(tmp_path)) == {"notes.pdf": "not a .txt article"}


def test_zip_equals_folder_and_rejects_unsafe_paths(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("corpus/001_x.txt", " date 2022-01 Eerste artikel.")
        z.writestr("../evil.txt", " date 2022-01 Buiten de map.")
        z.writestr("/abs.txt", " date 2022-01 Absoluut pad.")
        z.writestr("corpus/bad.txt", "geen kop")
    result = load_bytes(buffer.getvalue(), "upload.zip")
    assert [(a.id, a.month, a.text) for a in result.articles] == [("001_x", "2022-01", "Eerste artikel.")]
    r = reasons(result)
    assert "unsafe path" in r["upload.zip:../evil.txt"]
    assert "unsafe path" in r["upload.zip:/abs.txt"]
    assert "header" in r["upload.zip:corpus/bad.txt"]
    path = tmp_path / "c.zip"
    path.write_bytes(buffer.getvalue())
    assert [a.id for a in load_corpus(path).articles] == ["001_x"]


def test_csv_rows_and_their_errors():
    data = (
        "id,date,text,title,source\n"
        "a1,2022-01-15,Eerste tekst,Titel,De Morgen\n"
        "a2,2022-13,Tekst,,\n"
        "a3,2022-02,,,\n"
        "a1,2022-02,Zelfde id,,\n"
        "a4,2022-03,Vierde,,\n"
    ).encode()
    result = load_bytes(data, "news.csv")
    assert [(a.id, a.month, a.title, a.source) for a in result.articles] == [
        ("a1", "2022-01", "Titel", "De Morgen"),
        ("a4", "2022-03", "", ""),
    ]
    assert reasons(result) == {
        "news.csv row 3": "impossible month '2022-13' (month 13 is not 01-12)",
        "news.csv row 4": "empty text",
        "news.csv row 5": "duplicate id 'a1'",
    }


def test_csv_missing_column_is_a_clear_error(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,text\n1,tekst\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"news.csv: missing column\(s\) date"):
        load_corpus(path)


def test_jsonl_bad_lines_are_skipped(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"id": "x", "date": "2023-05", "text": "Tekst"}\n{kapot\n[1]\n{"id": "y", "text": "t"}\n', encoding="utf-8"
    )
    result = load_corpus(path)
    assert [a.id for a in result.articles] == ["x"]
    r = reasons(result)
    assert r["news.jsonl line 2"].startswith("invalid JSON")
    assert r["news.jsonl line 3"] == "not a JSON object"
    assert r["news.jsonl line 4"] == "missing field(s) date"


@pytest.mark.parametrize("value, month", [("2022-01", "2022-01"), ("2022-01-31", "2022-01"), ("2022-03-01T10:00:00", "2022-03")])
def test_parse_month(value, month):
    assert parse_month(value) == month


@pytest.mark.parametrize("value", ["2022-00", "2022-02-30", "22-01", "januari"])
def test_parse_month_rejects(value):
    with pytest.raises(ValueError):
        parse_month(value)


def test_missing_path_and_unknown_type(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "x.docx").write_bytes(b"x")
    with pytest.raises(CorpusError, match="unknown corpus type .docx"):
        load_corpus(tmp_path / "x.docx")

"""Hostile and broken files: each one is refused or read with its problems reported, named with
what was expected, the run goes on to the next file, and what the store already held is kept,
read-side tables included."""
from __future__ import annotations

import codecs
import gzip
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from analytics.cli.main import main
from analytics.pipeline import ingest as pipeline_ingest
from analytics.pipeline.ingest import IngestFailure, ingest_paths
from analytics.store import connect

GOOD_CSV = "comment_id,text\n1,bonjour\n2,salut\n"
WXR_HEAD = ('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><link>https://blog.example</link>\n')


def _wxr(encoding: str, title: str, comment: str) -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n{WXR_HEAD}'
            f"<item><title>{title}</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>\n"
            f"<content:encoded><![CDATA[<p>{title}</p>]]></content:encoded>\n"
            f"<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_content>{comment}</wp:comment_content>"
            "</wp:comment>\n</item></channel></rss>\n")


def _page(comments_html: str, body: str = "<p>Le corps.</p>") -> str:
    return ('<html><body><article id="post-7"><h1 class="entry-title">Titre</h1>'
            f'<div class="entry-content">{body}</div></article>'
            f'<ol class="comment-list">{comments_html}</ol></body></html>')


def _reddit_chain(levels: int) -> str:
    """A Reddit thread whose comments each answer the previous one, `levels` deep."""
    replies: object = ""
    for level in reversed(range(levels)):
        parent = f"t1_c{level - 1}" if level else "t3_p"
        data = {"id": f"c{level}", "parent_id": parent, "body": f"level {level}", "replies": replies}
        replies = {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": data}]}}
    post = {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "p", "name": "t3_p",
                                                                             "title": "Deep"}}]}}
    return json.dumps([post, replies])


def _write(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    return build


def _copy_of(source: str, name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return Path(shutil.copy(source, folder / name))
    return build


def _zip_as_csv(folder: Path) -> Path:
    path = folder / "export.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("export.csv", GOOD_CSV)
    return path


def _missing(folder: Path) -> Path:
    return folder / "not-there.csv"


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return path


UTF16 = GOOD_CSV.encode("utf-16-le")
DEEP_HTML = _page('<li id="comment-1"><div class="comment-content">' + "<span>" * 1000 + "au fond"
                  + "</span>" * 1000 + "</div></li>", body="<div>" * 1000 + "profond" + "</div>" * 1000)
UNCLOSED_HTML = _page('<li id="comment-1"><div class="comment-content"><p>un\n'
                      '<li id="comment-2"><div class="comment-content"><p>deux\n'
                      '<li id="comment-3"><div class="comment-content"><p>trois\n')
XXE = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       + _wxr("UTF-8", "T", "avant &xxe; après").split("\n", 1)[1].replace(
           "<p>T</p>]]></content:encoded>", "<p>T</p>]]>corps &xxe; fin</content:encoded>"))
ACCENTS_TITLE, ACCENTS_COMMENT = "Été à Noël", "Déjà vu, ça « oui »"

# id: (build the file, exit code, fragments of the message, texts the file's comments must have;
#      None when the file must leave nothing in the store)
CASES = {
    "utf16_cut_short": (_write("cut.csv", codecs.BOM_UTF16_LE + UTF16 + b"x"), 1,
                        ["byte 70: expected utf-16-le text (as its byte order mark FF FE says)",
                         "received 71 bytes, ending in the middle of a character: the file is cut short"], None),
    "starts_with_ff_fe": (_write("fffe.txt", b"\xff\xfeabc"), 1,
                          ["expected UTF-16 text, as its first bytes FF FE (a byte order mark) announce",
                           "received bytes without a single NUL"], None),
    "bom_then_bad_utf16": (_write("surrogate.csv", codecs.BOM_UTF16_LE + UTF16 + b"\x00\xdc"), 1,
                           ["expected utf-16-le text", "received bytes 00 DC, which are not utf-16-le"], None),
    "html_nested_1000_deep": (_write("deep.html", DEEP_HTML), 0, ["ingested", "(wordpress-html)"], ["au fond"]),
    "json_array_5000_deep": (_write("deep.json", "[" * 5000 + "]" * 5000), 1,
                             ["expected JSON nested at most 500 levels deep; received deeper nesting"], None),
    "jsonl_line_5000_deep": (_write("deep.jsonl", '{"id": "1", "text": "ok"}\n{"id": "2", "x": '
                                    + "[" * 5000 + "]" * 5000 + "}\n"), 0,
                             ["line 2: bad_record: expected a JSON object nested at most 500 levels deep"], ["ok"]),
    "reddit_thread_90_replies_deep": (_write("chain.json", _reddit_chain(90)), 0, ["ingested", "(reddit)"],
                                      [f"level {level}" for level in range(90)]),
    "executable_as_txt": (_copy_of("/bin/ls", "ls.txt"), 1,
                          ["expected a text file (pasted page, CSV, TSV, JSON, JSONL, XML, HTML) or a Parquet file",
                           "received an ELF executable (a program), not text"], None),
    "executable_as_json": (_copy_of("/bin/ls", "ls.json"), 1, ["received an ELF executable"], None),
    "zip_renamed_csv": (_zip_as_csv, 1, ["expected a text file", "received a zip archive"], None),
    "gzip_renamed_jsonl": (_write("c.jsonl", gzip.compress(b'{"text": "x"}\n')), 1, ["received a gzip archive"], None),
    "pdf_renamed_txt": (_write("doc.txt", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"), 1, ["received a PDF document"], None),
    "nul_bytes_in_csv": (_write("nul.csv", b"comment_id,text\n1,a\x00\x00\x00\x01b\n"), 1,
                         ["nul.csv, line 2: expected text; received a NUL character: a binary file"], None),
    "csv_every_row_malformed": (_write("bad.csv", "comment_id,text\n" + "x,y,z\n" * 50_000), 1,
                                ["expected at least one readable record (csv); received 50000 record(s), every "
                                 "one bad; the first, at line 2: expected 2 fields as in the header, got 3"], None),
    "json_every_record_bad": (_write("bad.json", json.dumps([{"id": 1, "post": 2, "content": ""}] * 3)), 1,
                              ["expected at least one readable record (wordpress-rest); received 3 record(s)"], None),
    "csv_comment_over_131072_characters": (_write("long.csv", "comment_id,text\n1," + "x" * 200_000 + "\n2,court\n"),
                                           0, ["2 new comment(s), 0 issue(s)"], ["x" * 200_000, "court"]),
    "wxr_declared_iso_8859_1": (_write("latin1.xml", _wxr("ISO-8859-1", ACCENTS_TITLE, ACCENTS_COMMENT)
                                       .encode("latin-1")), 0, ["(wordpress-wxr)"], [ACCENTS_COMMENT]),
    "wxr_declared_windows_1252": (_write("cp1252.xml", _wxr("windows-1252", ACCENTS_TITLE, "c’est — ça")
                                         .encode("cp1252")), 0, ["(wordpress-wxr)"], ["c’est — ça"]),
    "wxr_declared_unknown_encoding": (_write("odd.xml", _wxr("klingon-8", "T", "x")), 1,
                                      ["line 1: expected an encoding Python knows in the XML declaration; "
                                       "received 'klingon-8'"], None),
    "wxr_text_around_an_entity": (_write("xxe.xml", XXE), 0,
                                  ["entity_not_read: entity reference &xxe;: entities are never expanded",
                                   "left it out and kept the text around it"], ["avant après"]),
    "html_unclosed_tags": (_write("unclosed.html", UNCLOSED_HTML), 0,
                           ["li#comment-2: malformed_html: comment li#comment-2 is inside the text of comment '1', "
                            "not in a replies list (an unclosed tag?)", "li#comment-3: malformed_html"],
                           ["un", "deux", "trois"]),
    "utf16_le_without_bom": (_write("u16le.csv", UTF16), 0, ["2 new comment(s)"], ["bonjour", "salut"]),
    "utf16_be_without_bom": (_write("u16be.csv", GOOD_CSV.encode("utf-16-be")), 0, ["2 new comment(s)"],
                             ["bonjour", "salut"]),
    "utf32_le_without_bom": (_write("u32.csv", GOOD_CSV.encode("utf-32-le")), 0, ["2 new comment(s)"],
                             ["bonjour", "salut"]),
    "missing_path": (_missing, 1, ["expected an existing file or folder; received nothing at that path"], None),
    "named_pipe": (_fifo, 1, ["expected a regular file or a folder; received a device, pipe or socket"], None),
}


def _store_state(store: Path) -> tuple[list[tuple], int, list[tuple], list[tuple]]:
    """Comments, the number of comment_facts rows, the ids missing from comment_facts, ingests."""
    connection = connect(store, read_only=True)
    try:
        comments = connection.execute("SELECT article_id, comment_id, text, source_file FROM comments "
                                      "ORDER BY article_id, ordinal").fetchall()
        facts = connection.execute("SELECT count(*) FROM comment_facts").fetchone()[0]
        missing = connection.execute("SELECT article_id, comment_id FROM comments c ANTI JOIN comment_facts f "
                                     "USING (article_id, comment_id)").fetchall()
        ingests = connection.execute("SELECT source_file FROM ingests").fetchall()
    finally:
        connection.close()
    return comments, facts, missing, ingests


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_named_and_the_store_and_the_next_file_are_kept(case, tmp_path, capsys):
    build, exit_code, fragments, texts = CASES[case]
    store, files = tmp_path / "store", tmp_path / "files"
    files.mkdir()
    seed, after = files / "seed.csv", files / "after.csv"
    seed.write_text(GOOD_CSV, encoding="utf-8")
    after.write_text("comment_id,text\n10,après\n", encoding="utf-8")
    assert main(["ingest", str(seed), "--store", str(store)]) == 0
    seeded, _, _, _ = _store_state(store)
    hostile = build(files)
    capsys.readouterr()

    assert main(["ingest", str(hostile), str(after), "--store", str(store)]) == exit_code
    err = capsys.readouterr().err
    named = f"FAILED {hostile}: {hostile}" if exit_code else f"ingested {hostile}"
    assert named in err, err
    assert all(fragment in err for fragment in fragments), err
    assert f"ingested {after}" in err  # the next file was read

    comments, facts, missing, ingests = _store_state(store)
    assert [row for row in comments if row[3] == str(seed)] == seeded
    assert [row[2] for row in comments if row[3] == str(after)] == ["après"]
    assert facts == len(comments) and missing == []
    mine = [row[2] for row in comments if row[3] == str(hostile)]
    if texts is None:
        assert mine == [] and (str(hostile),) not in ingests
    else:
        assert mine == texts and all("\x00" not in text and "root:" not in text for text in mine)


def test_a_deep_html_article_keeps_its_text(tmp_path):
    connection = connect(tmp_path / "store")
    path = CASES["html_nested_1000_deep"][0](tmp_path)
    [result] = ingest_paths(connection, [path])
    assert not isinstance(result, IngestFailure)
    assert connection.execute("SELECT body FROM articles").fetchone()[0] == "profond"


@pytest.mark.parametrize("error", [ValueError("boom"), RecursionError(), UnicodeDecodeError("utf-8", b"", 0, 1, "x"),
                                   KeyError("data"), MemoryError()])
def test_any_reader_failure_is_the_file_s_alone(tmp_path, monkeypatch, error):
    connection = connect(tmp_path / "store")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(GOOD_CSV, encoding="utf-8")
    second.write_text("comment_id,text\n9,kept\n", encoding="utf-8")
    real = pipeline_ingest.load_file

    def fail_on_first(path, *args, **kwargs):
        if Path(path) == first:
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline_ingest, "load_file", fail_on_first)
    failure, result = ingest_paths(connection, [first, second])
    assert isinstance(failure, IngestFailure) and str(failure.error).startswith(f"{first}: expected ")
    assert result.comments_added == 1
    assert connection.execute("SELECT comment_id FROM comment_facts").fetchall() == [("9",)]


def test_files_committed_before_an_interruption_are_in_the_read_side_tables(tmp_path, monkeypatch):
    store = tmp_path / "store"
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(GOOD_CSV, encoding="utf-8")
    second.write_text("comment_id,text\n9,never\n", encoding="utf-8")
    real = pipeline_ingest.load_file

    def interrupt_on_second(path, *args, **kwargs):
        if Path(path) == second:
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline_ingest, "load_file", interrupt_on_second)
    connection = connect(store)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(connection, [first, second])
    connection.close()
    comments, facts, missing, _ = _store_state(store)
    assert [row[1] for row in comments] == ["1", "2"] and facts == 2 and missing == []


def test_a_stale_store_is_repaired_by_the_next_ingest_even_of_nothing_new(tmp_path):
    store, path = tmp_path / "store", tmp_path / "a.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    connection = connect(store)
    ingest_paths(connection, [path])
    connection.execute("DELETE FROM comment_facts")  # as a run that stopped before its refresh left it
    [outcome] = ingest_paths(connection, [path])
    assert outcome.skipped
    assert connection.execute("SELECT comment_id FROM comment_facts ORDER BY cid").fetchall() == [("1",), ("2",)]
    connection.execute("DROP TABLE comment_facts")  # a store from before the read-side tables
    ingest_paths(connection, [path])
    assert connection.execute("SELECT count(*) FROM comment_facts").fetchone()[0] == 2


def test_the_read_side_tables_match_a_full_rebuild_after_incremental_ingests(tmp_path):
    from analytics.store import refresh_facts

    connection = connect(tmp_path / "store")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("comment_id,parent_id,article_id,text\nb,a,t,reply\nc,,u,other\n", encoding="utf-8")
    second.write_text("comment_id,parent_id,article_id,text\na,,t,root\nd,b,t,deeper\n", encoding="utf-8")
    ingest_paths(connection, [first, second])

    def rows() -> list[tuple]:
        return connection.execute("""
            SELECT f.article_id, f.comment_id, p.comment_id, f.depth, f.root_id, f.ordinal, f.text
            FROM comment_facts f LEFT JOIN comment_facts p ON p.cid = f.parent_cid ORDER BY 1, 2""").fetchall()

    incremental = rows()
    refresh_facts(connection)
    assert incremental == rows()
    assert [row[:4] for row in incremental if row[0] == "t"] == [
        ("t", "a", None, 0), ("t", "b", "a", 1), ("t", "d", "b", 2)]

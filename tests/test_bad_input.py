"""Bad input: a clear error naming file and place, the good records kept, nothing stored lost."""
from __future__ import annotations

import json

import pytest

from analytics.errors import InputError, StoreError, UsageError
from analytics.pipeline.ingest import IngestFailure, ingest_paths
from analytics.store import ingest as store_module
from tests.conftest import SAMPLE_PAGE, snapshot


def _one(outcomes):
    assert len(outcomes) == 1
    return outcomes[0]


def _validation(connection):
    return connection.execute("SELECT source_file, location, kind, message, action FROM validation").fetchall()


@pytest.fixture
def seeded(connection):
    """A store that already holds the sample page: it must survive every failure untouched."""
    ingest_paths(connection, [SAMPLE_PAGE])
    return connection


def test_missing_parent_becomes_top_level_flagged_and_reported(connection, tmp_path):
    path = tmp_path / "orphans.csv"
    path.write_text("comment_id,parent_id,text\na,,root\nb,a,reply\nc,zzz,lost reply\n", encoding="utf-8")
    result = _one(ingest_paths(connection, [path]))
    assert connection.execute(
        "SELECT comment_id, parent_id, declared_parent_id, depth, thread_flag FROM comments ORDER BY 1").fetchall() \
        == [("a", None, None, 0, None), ("b", "a", "a", 1, None), ("c", None, "zzz", 0, "orphan")]
    [(source, location, kind, message, action)] = _validation(connection)
    assert (source, location, kind) == (str(path), "line 4", "orphan")
    assert "'zzz'" in message and "top level" in action
    assert result.comments_added == 3


def test_orphan_is_relinked_when_its_parent_arrives_in_a_later_file(connection, tmp_path):
    first, second = tmp_path / "part1.csv", tmp_path / "part2.csv"
    first.write_text("comment_id,parent_id,article_id,text\nb,a,t,reply\n", encoding="utf-8")
    second.write_text("comment_id,parent_id,article_id,text\na,,t,root\n", encoding="utf-8")
    ingest_paths(connection, [first, second])
    assert connection.execute("SELECT comment_id, parent_id, depth, thread_flag FROM comments ORDER BY 1").fetchall() \
        == [("a", None, 0, None), ("b", "a", 1, None)]


def test_cycle_is_broken_at_its_first_member_and_reported(connection, tmp_path):
    path = tmp_path / "cycle.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "x", "parent_id": "z", "text": "one"}, {"id": "y", "parent_id": "x", "text": "two"},
        {"id": "z", "parent_id": "y", "text": "three"}, {"id": "s", "parent_id": "s", "text": "self"}]),
        encoding="utf-8")
    ingest_paths(connection, [path])
    assert connection.execute("SELECT comment_id, parent_id, depth, root_id, thread_flag FROM comments ORDER BY ordinal").fetchall() \
        == [("x", None, 0, "x", "cycle"), ("y", "x", 1, "x", None), ("z", "y", 2, "x", None),
            ("s", None, 0, "s", "cycle")]
    kinds = [(location, kind) for _, location, kind, _, _ in _validation(connection)]
    assert kinds == [("line 1", "cycle"), ("line 4", "cycle")]


def test_duplicate_id_is_kept_once_and_reported(connection, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("comment_id,text\na,first\nb,other\na,second\n", encoding="utf-8")
    ingest_paths(connection, [path])
    assert connection.execute("SELECT comment_id, text FROM comments ORDER BY ordinal").fetchall() \
        == [("a", "first"), ("b", "other")]
    [(_, location, kind, message, action)] = _validation(connection)
    assert (location, kind) == ("line 4", "duplicate_id") and "line 2" in message and "kept the first" in action


def test_bad_jsonl_lines_are_reported_and_the_good_ones_kept(connection, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "1", "text": "good"}\n{"id": "2", "text": \n[1, 2]\n{"id": "3", "text": "also good"}\n',
                    encoding="utf-8")
    ingest_paths(connection, [path])
    assert connection.execute("SELECT comment_id FROM comments ORDER BY ordinal").fetchall() == [("1",), ("3",)]
    report = _validation(connection)
    assert [(location, kind) for _, location, kind, _, _ in report] == [("line 2", "bad_record"), ("line 3", "bad_record")]
    assert "expected a JSON object" in report[0][3] and "got list" in report[1][3]


def test_csv_row_with_wrong_field_count_is_reported_with_its_line(connection, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text('comment_id,text\n1,"multi\nline"\n2,too,many\n3,fine\n', encoding="utf-8")
    ingest_paths(connection, [path])
    assert connection.execute("SELECT comment_id, text FROM comments ORDER BY ordinal").fetchall() \
        == [("1", "multi\nline"), ("3", "fine")]
    [(_, location, kind, message, _)] = _validation(connection)
    assert (location, kind) == ("line 4", "bad_record") and "2 fields as in the header, got 3" in message


def test_row_without_text_or_id_is_reported(connection, tmp_path):
    path = tmp_path / "empty_row.csv"
    path.write_text("comment_id,body\n,\n9,kept\n", encoding="utf-8")
    ingest_paths(connection, [path])
    assert connection.execute("SELECT comment_id FROM comments").fetchall() == [("9",)]
    assert [row[1:3] for row in _validation(connection)] == [("line 2", "bad_record")]


def test_unreadable_date_keeps_the_comment_and_reports_it(connection, tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("comment_id,date,text\n1,2025-10-17T14:32:00+02:00,ok\n2,yesterday-ish,kept\n", encoding="utf-8")
    ingest_paths(connection, [path])
    rows = connection.execute("SELECT comment_id, posted_at FROM comments ORDER BY 1").fetchall()
    assert rows[0][1].isoformat() == "2025-10-17T12:32:00" and rows[1] == ("2", None)
    [(_, location, kind, message, _)] = _validation(connection)
    assert (location, kind) == ("line 3", "bad_time") and "yesterday-ish" in message


@pytest.mark.parametrize("name, content, where, expected", [
    ("truncated.json", '[{"id": 1, "post": 5, "content": {"rendered": "x"}},\n{"id": 2, "po',
     "line 2, column", "expected valid JSON"),
    ("broken.xml", '<?xml version="1.0"?>\n<rss><channel>\n<item><title>x</title>\n</channel></rss>',
     "line 4", "expected well-formed WXR"),
    ("notext.csv", "id,score\n1,3\n", "header", "expected a text column"),
    ("empty.txt", "   \n", None, "expected a non-empty file"),
    ("strange.json", '{"hello": "world"}', None, "expected a Reddit thread, WordPress REST"),
])
def test_unreadable_file_names_itself_and_leaves_the_store_as_it_was(seeded, tmp_path, name, content, where, expected):
    before = snapshot(seeded)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    failure = _one(ingest_paths(seeded, [path]))
    assert isinstance(failure, IngestFailure)
    message = str(failure.error)
    assert message.startswith(str(path)) and expected in message
    if where:
        assert where in message
    assert snapshot(seeded) == before


def test_failure_while_writing_rolls_the_whole_file_back(seeded, tmp_path, monkeypatch):
    before = snapshot(seeded)
    path = tmp_path / "fine.csv"
    path.write_text("comment_id,article_id,text\n1,new,hello\n2,new,world\n", encoding="utf-8")
    real = store_module._replace_rows

    def fail_on_comments(connection, table, *args):
        real(connection, table, *args)
        if table == "comments":
            raise OSError("disk full")

    monkeypatch.setattr(store_module, "_replace_rows", fail_on_comments)
    failure = _one(ingest_paths(seeded, [path]))
    assert isinstance(failure.error, StoreError)
    assert str(path) in str(failure.error) and "nothing was stored" in str(failure.error)
    assert snapshot(seeded) == before
    monkeypatch.undo()
    assert not _one(ingest_paths(seeded, [path])).skipped  # a retry is not mistaken for a re-ingest


def test_one_bad_file_does_not_stop_the_others(connection, tmp_path):
    bad, good = tmp_path / "a_bad.json", tmp_path / "b_good.csv"
    bad.write_text("{", encoding="utf-8")
    good.write_text("comment_id,text\n1,hi\n", encoding="utf-8")
    outcomes = ingest_paths(connection, [tmp_path])
    assert isinstance(outcomes[0], IngestFailure) and not isinstance(outcomes[1], IngestFailure)
    assert connection.execute("SELECT count(*) FROM comments").fetchone()[0] == 1


def test_missing_path_is_a_failure_naming_it_and_the_others_are_read(connection, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("comment_id,text\n1,hi\n", encoding="utf-8")
    missing, kept = ingest_paths(connection, [tmp_path / "nope.csv", good])
    assert isinstance(missing, IngestFailure) and isinstance(missing.error, InputError)
    assert str(missing.error) == f"{tmp_path / 'nope.csv'}: expected an existing file or folder; received nothing at that path"
    assert kept.comments_added == 1


@pytest.mark.parametrize("mapping, message", [({"who": "writer"}, "expected a field among"),])
def test_mapping_to_an_unknown_field_is_a_usage_error(connection, tmp_path, mapping, message):
    path = tmp_path / "x.csv"
    path.write_text("who,text\nme,hi\n", encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        ingest_paths(connection, [path], mapping=mapping)


def test_unknown_format_is_a_usage_error(connection, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("text\nhi\n", encoding="utf-8")
    with pytest.raises(UsageError, match="expected one of"):
        ingest_paths(connection, [path], format_name="docx")


def test_record_level_problems_never_touch_what_was_stored(seeded, tmp_path):
    stored_before = seeded.execute("SELECT * FROM comments ORDER BY comment_id").fetchall()
    path = tmp_path / "messy.jsonl"
    path.write_text("\n".join([
        '{"id": "1", "text": "fine"}', '{"id": "2", "parent_id": "nope", "text": "orphan"}',
        '{"id": "1", "text": "duplicate"}', "not json", '{"id": "3", "parent_id": "3", "text": "self"}']),
        encoding="utf-8")
    ingest_paths(seeded, [path])
    sample_id = stored_before[0][0]
    assert seeded.execute("SELECT * FROM comments WHERE article_id = ? ORDER BY comment_id",
                          [sample_id]).fetchall() == stored_before
    assert seeded.execute("SELECT comment_id, thread_flag FROM comments WHERE article_id <> ? ORDER BY 1",
                          [sample_id]).fetchall() == [("1", None), ("2", "orphan"), ("3", "cycle")]
    assert sorted(kind for _, _, kind, _, _ in _validation(seeded)) == ["bad_record", "cycle", "duplicate_id", "orphan"]


def test_an_unreadable_file_is_reported(connection, tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "locked.csv"
    path.write_text("text\nhi\n", encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    failure = _one(ingest_paths(connection, [path]))
    assert isinstance(failure, IngestFailure)
    assert str(failure.error) == f"{path}: expected a readable file; received Permission denied"

"""RumourEval's real reply trees, written in every supported format and ingested back, keep every
parent link and depth."""
from __future__ import annotations

from pathlib import Path

import pytest

from analytics.pipeline.ingest import IngestFailure, ingest_paths
from tests import format_writers
from tests.conftest import shared_dataset
from tests.rumoureval import load_threads


@pytest.fixture(scope="module")
def threads():
    return load_threads(shared_dataset("rumoureval2017_threads_en"))


def _write(format_name: str, threads, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    per_thread = {"pasted-text": (".txt", format_writers.pasted_text),
                  "wordpress-html": (".html", format_writers.wordpress_page)}
    if format_name in per_thread:  # one page per thread
        suffix, write_page = per_thread[format_name]
        paths = []
        for article, comments in threads:
            path = folder / f"{article['id']}{suffix}"
            path.write_text(write_page(article, comments), encoding="utf-8")
            paths.append(path)
        return paths
    if format_name == "wordpress-wxr":
        path = folder / "export.xml"
        path.write_text(format_writers.wxr(threads), encoding="utf-8")
        return [path]
    if format_name == "wordpress-rest":
        posts, replies = format_writers.rest_json(threads)
        (folder / "posts.json").write_text(posts, encoding="utf-8")
        (folder / "comments.json").write_text(replies, encoding="utf-8")
        return [folder / "comments.json", folder / "posts.json"]  # comments first: posts merge in later
    path = folder / "comments.csv"
    format_writers.export_csv(threads, path)
    return [path]


def _expected_preorder(threads) -> dict[str, list[tuple[int, str]]]:
    result = {}
    for article, comments in threads:
        depth = format_writers.depths(comments)
        result[article["id"]] = [(depth[c["id"]], c["text"]) for c in comments]
    return result


def _thread_of(threads, format_name: str):
    """How a stored article is traced back to its thread: by body, or by id for a CSV (no body)."""
    by_body = {" ".join(article["body"].split()): article["id"] for article, _ in threads}
    if format_name == "csv":
        return lambda article_id, body: article_id
    return lambda article_id, body: by_body[" ".join(body.split())]


@pytest.mark.parametrize("format_name", ["pasted-text", "wordpress-html", "wordpress-wxr",
                                         "wordpress-rest", "csv"])
def test_every_thread_round_trips_with_identical_parents_and_depths(format_name, threads, connection, tmp_path):
    paths = _write(format_name, threads, tmp_path / format_name)
    outcomes = ingest_paths(connection, paths)
    assert not [o for o in outcomes if isinstance(o, IngestFailure)]
    assert {o.format for o in outcomes} == {format_name}
    assert connection.execute("SELECT count(*) FROM comments WHERE thread_flag IS NOT NULL").fetchone()[0] == 0

    stored = connection.execute("""
        SELECT a.article_id, a.body, c.comment_id, c.parent_id, c.depth, c.text
        FROM comments c JOIN articles a USING (article_id) ORDER BY a.article_id, c.ordinal""").fetchall()
    thread_of = _thread_of(threads, format_name)
    by_article: dict[str, list] = {}
    for article_id, body, comment_id, parent_id, depth, text in stored:
        by_article.setdefault(thread_of(article_id, body), []).append((comment_id, parent_id, depth, text))
    expected = _expected_preorder(threads)
    with_comments = {thread: rows for thread, rows in expected.items() if rows}
    assert {thread: [(d, " ".join(t.split())) for _, _, d, t in rows] for thread, rows in by_article.items()} \
        == with_comments

    if format_name != "pasted-text":  # the other formats carry the source's own ids
        expected_links = {(c["id"], c["parent"], format_writers.depths(comments)[c["id"]])
                          for _, comments in threads for c in comments}
        assert {(cid, parent, depth) for rows in by_article.values() for cid, parent, depth, _ in rows} \
            == expected_links
    total = sum(len(comments) for _, comments in threads)
    assert connection.execute("SELECT count(*) FROM comments").fetchone()[0] == total
    assert connection.execute("SELECT max(depth) FROM comments").fetchone()[0] == max(
        max(format_writers.depths(comments).values(), default=0) for _, comments in threads)

"""Each reader on small inline inputs: pasted pages, encodings, exports, WordPress, Reddit."""
from __future__ import annotations

import json

import pytest

from analytics.load import load_file
from analytics.load.decode import decode_bytes
from analytics.load.timeparse import parse_time
from analytics.pipeline.ingest import ingest_paths

DEEP_PAGE = """Un titre

Le corps de l'article.

Un commentaire au sujet de « Un titre »

  1. Marie dit :
    17 octobre 2025 à 14 h 32 min
    Premier niveau.
    Deuxième ligne du même commentaire.
    - une liste dans le texte
    Répondre
    • Paul dit :
      17 octobre 2025 à 15 h 05 min
      Réponse de niveau un.
      Répondre
      ◦ Réponse de niveau deux.
        Répondre
        ▪ Réponse de niveau trois.
          Répondre
          ▪ Réponse de niveau quatre.
            Répondre
    • Autre réponse de niveau un.
      Répondre
  2. Second fil.
    Répondre

Laisser un commentaire
"""

ENGLISH_PAGE = """A title

The body.

2 thoughts on “A title”

  1. Jane says:
    October 17, 2025 at 2:32 pm
    Great piece.
    Reply
    * A reply with a star bullet.
      Reply

Leave a Reply
"""

FLAT_PAGE = """T

Body text.

3 comments

1. Top.
Reply
• Level one.
Reply
◦ Level two.
Reply
"""


def _rows(corpus):
    by_id = {c.comment_id: c for c in corpus.comments}
    depth = {}
    for c in corpus.comments:
        depth[c.comment_id] = 0 if c.parent_id is None else depth[c.parent_id] + 1
    return [(depth[c.comment_id], c.text, c.author,
             c.posted_at.isoformat() if c.posted_at else None,
             by_id[c.parent_id].text if c.parent_id else None) for c in corpus.comments]


def test_pasted_page_nesting_comes_from_indentation_and_bullets(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(DEEP_PAGE, encoding="utf-8")
    corpus = load_file(path)
    assert corpus.format == "pasted-text" and corpus.articles[0].title == "Un titre"
    first = "Premier niveau.\nDeuxième ligne du même commentaire.\n- une liste dans le texte"
    assert _rows(corpus) == [
        (0, first, "Marie", "2025-10-17T14:32:00", None),
        (1, "Réponse de niveau un.", "Paul", "2025-10-17T15:05:00", first),
        (2, "Réponse de niveau deux.", None, None, "Réponse de niveau un."),
        (3, "Réponse de niveau trois.", None, None, "Réponse de niveau deux."),
        (4, "Réponse de niveau quatre.", None, None, "Réponse de niveau trois."),
        (1, "Autre réponse de niveau un.", None, None, first),
        (0, "Second fil.", None, None, None),
    ]
    assert [issue.kind for issue in corpus.issues] == ["count_mismatch"]  # "Un commentaire" announced, 7 read


def test_english_page_with_author_date_and_star_bullets(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(ENGLISH_PAGE, encoding="utf-8")
    assert _rows(load_file(path)) == [
        (0, "Great piece.", "Jane", "2025-10-17T14:32:00", None),
        (1, "A reply with a star bullet.", None, None, "Great piece."),
    ]


def test_copied_text_without_indentation_falls_back_on_bullet_levels(tmp_path):
    path = tmp_path / "flat.txt"
    path.write_text(FLAT_PAGE, encoding="utf-8")
    assert [(depth, text) for depth, text, *_ in _rows(load_file(path))] == [
        (0, "Top."), (1, "Level one."), (2, "Level two.")]


@pytest.mark.parametrize("encoded, encoding", [
    ("comment_id,text\r\n1,« déjà vu » — ça\r\n".encode("cp1252"), "cp1252"),
    ("comment_id,text\n1,« déjà vu » — ça\n".encode("utf-8-sig"), "utf-8-sig"),
    ("comment_id,text\n1,« déjà vu » — ça\n".encode("utf-8"), "utf-8"),
])
def test_encodings_and_crlf_are_detected(tmp_path, encoded, encoding):
    assert decode_bytes(encoded)[1] == encoding
    path = tmp_path / "c.csv"
    path.write_bytes(encoded)
    assert [c.text for c in load_file(path).comments] == ["« déjà vu » — ça"]


def test_latin1_with_bytes_cp1252_leaves_undefined():
    text, encoding = decode_bytes("é\x81".encode("latin-1"))
    assert (text, encoding) == ("é\x81", "latin-1")


def test_export_columns_are_recognised_and_reddit_prefixes_dropped(tmp_path):
    path = tmp_path / "reddit_export.tsv"
    path.write_text("id\tlink_id\tparent_id\tauthor\tcreated_utc\tbody\tscore\n"
                    "abc\tt3_post\tt3_post\tjo\t1760711520\tTop\t5\n"
                    "def\tt3_post\tt1_abc\tal\t1760711580\tReply\t2\n", encoding="utf-8")
    corpus = load_file(path)
    assert corpus.format == "tsv"
    assert [(c.comment_id, c.article_ref, c.parent_id, c.author, c.posted_at.isoformat(), c.extra)
            for c in corpus.comments] == [
        ("abc", "t3_post", None, "jo", "2025-10-17T14:32:00", {"score": "5"}),
        ("def", "t3_post", "abc", "al", "2025-10-17T14:33:00", {"score": "2"})]


def test_map_option_names_unusual_columns(tmp_path):
    path = tmp_path / "custom.csv"
    path.write_text("cid,answers,msg,who\n1,,hello,a\n2,1,hi,b\n", encoding="utf-8")
    corpus = load_file(path, mapping={"cid": "comment_id", "answers": "parent_id", "msg": "text", "who": "author"})
    assert [(c.comment_id, c.parent_id, c.text, c.author) for c in corpus.comments] == [
        ("1", None, "hello", "a"), ("2", "1", "hi", "b")]


def test_parquet_export_is_read(tmp_path):
    import pandas as pd

    path = tmp_path / "c.parquet"
    pd.DataFrame({"comment_id": [1, 2], "parent_comment_id": [None, 1.0], "content": ["a", "b"]}).to_parquet(path)
    corpus = load_file(path)
    assert [(c.comment_id, c.parent_id, c.text, c.position) for c in corpus.comments] == [
        ("1", None, "a", "row 1"), ("2", "1", "b", "row 2")]


def test_wordpress_rest_html_becomes_clean_text(tmp_path):
    path = tmp_path / "comments.json"
    path.write_text(json.dumps([
        {"id": 7, "post": 3, "parent": 0, "author_name": "Léa", "date_gmt": "2025-10-17T12:00:00",
         "link": "https://blog.fr/?p=3#comment-7",
         "content": {"rendered": "<p>C&rsquo;est &laquo;&nbsp;faux&nbsp;&raquo; &amp; <em>grave</em>.</p>\n<blockquote><p>cité</p></blockquote>"}},
        {"id": 8, "post": 3, "parent": 7, "author_name": "Max", "date": "2025-10-17T14:00:00",
         "content": {"rendered": "<p>Non.<br />Vraiment.</p>"}}]), encoding="utf-8")
    corpus = load_file(path)
    assert corpus.format == "wordpress-rest"
    assert [(c.comment_id, c.parent_id, c.text) for c in corpus.comments] == [
        ("7", None, "C’est «\u00a0faux\u00a0» & grave.\n\ncité"), ("8", "7", "Non.\nVraiment.")]


def test_reddit_thread_json_follows_nested_replies(tmp_path):
    def comment(cid, parent, body, replies=""):
        return {"kind": "t1", "data": {"id": cid, "name": f"t1_{cid}", "parent_id": parent, "body": body,
                                       "author": "u", "created_utc": 1760711520, "replies": replies}}

    def listing(children):
        return {"kind": "Listing", "data": {"children": children}}

    thread = [listing([{"kind": "t3", "data": {"id": "p1", "name": "t3_p1", "title": "Post", "selftext": "Self",
                                                "created_utc": 1760700000, "author": "op"}}]),
              listing([comment("a", "t3_p1", "top", listing([comment("b", "t1_a", "reply",
                                                                     listing([comment("c", "t1_b", "deeper")]))])),
                       {"kind": "more", "data": {"id": "m", "count": 12}}])]
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(thread), encoding="utf-8")
    corpus = load_file(path)
    assert corpus.articles[0].native_id == "t3_p1" and corpus.articles[0].title == "Post"
    assert [(c.comment_id, c.parent_id) for c in corpus.comments] == [("a", None), ("b", "a"), ("c", "b")]
    assert [issue.kind for issue in corpus.issues] == ["not_loaded"]


@pytest.mark.parametrize("raw, expected", [
    ("17 octobre 2025 à 14 h 32 min", "2025-10-17T14:32:00"),
    ("1er mars 2024 à 9 h 05 min", "2024-03-01T09:05:00"),
    ("October 17, 2025 at 2:32 pm", "2025-10-17T14:32:00"),
    ("October 17, 2025 at 12:05 am", "2025-10-17T00:05:00"),
    ("2025-10-17T14:32:00Z", "2025-10-17T14:32:00"),
    (1760711520, "2025-10-17T14:32:00"),
    ("1760711520000", "2025-10-17T14:32:00"),
])
def test_timestamps_in_every_common_shape(raw, expected):
    assert parse_time(raw).isoformat() == expected


def test_same_article_from_page_and_wordpress_page_merges_comments(connection, tmp_path):
    from tests import format_writers

    article = {"id": "42", "title": "Titre", "time": 1760700000, "body": " ".join(["mot"] * 10) + " fin de l'article."}
    comments = [{"id": "1", "parent": None, "author": "A", "time": 1760711520, "text": "Bonjour"},
                {"id": "2", "parent": "1", "author": "B", "time": 1760711580, "text": "Salut"}]
    (tmp_path / "page.txt").write_text(format_writers.pasted_text(article, comments), encoding="utf-8")
    (tmp_path / "page.html").write_text(format_writers.wordpress_page(article, comments), encoding="utf-8")
    ingest_paths(connection, [tmp_path / "page.html", tmp_path / "page.txt"])
    assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert connection.execute("SELECT comment_id, parent_id, author FROM comments ORDER BY ordinal").fetchall() == [
        ("1", None, "A"), ("2", "1", "B")]


def test_unicode_line_separators_inside_a_csv_field_are_text(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("comment_id,text\n1,a\u2028b\x0cc\n2,d\n", encoding="utf-8")
    assert [c.text for c in load_file(path).comments] == ["a\u2028b\x0cc", "d"]


def test_wxr_skips_spam_and_trash_and_reports_them(tmp_path):
    def comment(cid, status):
        return (f"<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_content><![CDATA[<p>c{cid}</p>"
                f"]]></wp:comment_content><wp:comment_approved>{status}</wp:comment_approved>"
                "<wp:comment_parent>0</wp:comment_parent></wp:comment>")

    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0"?><rss xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://b.fr</link><item><title>T</title>'
        "<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>"
        + comment(1, "1") + comment(2, "spam") + comment(3, "trash") + "</item></channel></rss>", encoding="utf-8")
    corpus = load_file(path)
    assert [c.text for c in corpus.comments] == ["c1"]
    assert [(issue.kind, issue.message) for issue in corpus.issues] == [
        ("skipped_status", "comment marked 'spam'"), ("skipped_status", "comment marked 'trash'")]


def test_html_to_text_drops_scripts_and_styles():
    from analytics.load.html_text import html_to_text

    assert html_to_text("<p>avant<script>alert(1)</script><style>p{}</style> après</p>") == "avant après"

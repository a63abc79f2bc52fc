"""Every dashboard page with Streamlit's AppTest, on the sample corpus (first start) and on a corpus
built from ../shared/data (RumourEval's 297 real reply trees), asserting the numbers shown against
the store itself."""
from __future__ import annotations

import duckdb
import pytest

from tests.conftest import SAMPLE, SHARED_DATA, open_app

pytestmark = pytest.mark.usefixtures("restore_store_env")


def sql(store, query: str, params: list | None = None):
    connection = duckdb.connect(str(store / "palabre.duckdb"), read_only=True)
    try:
        return connection.execute(query, params or []).fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def rumour_store(tmp_path_factory):
    from pathlib import Path

    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.ingest import ingest_paths
    from analytics.pipeline.options import AnalysisOptions
    from analytics.store import connect
    from tests import format_writers
    from tests.rumoureval import load_threads

    folder = SHARED_DATA / "rumoureval2017_threads_en"
    if not folder.is_dir():
        pytest.skip(f"real dataset rumoureval2017_threads_en not found at {folder}")
    store = tmp_path_factory.mktemp("rumour") / "store"
    export = Path(tmp_path_factory.mktemp("rumour-export")) / "rumoureval.csv"
    format_writers.export_csv(load_threads(folder), export)
    connection = connect(store)
    ingest_paths(connection, [SAMPLE, export])
    analyze(connection, AnalysisOptions(mode="fast", workers=1))
    connection.close()
    return store


HOSTILE = "<img src=x onerror=alert(1)> **Zelensky** le youpin $x$"


@pytest.fixture(scope="module")
def attack_store(tmp_path_factory):
    """Zelensky threatened and called a slur (in a comment carrying HTML and Markdown), then praised;
    the European Union held in contempt by 55 comments, more than the page lists. The attacks are
    written as the analysis writes them, with their kind, score and evidence offsets."""
    import pandas as pd

    from analytics.pipeline.ingest import ingest_paths
    from analytics.store import connect, refresh_facts

    store = tmp_path_factory.mktemp("attacks") / "store"
    texts = {"t1": "Zelensky, on va te pendre.", "t2": HOSTILE, "t3": "Bravo Zelensky.",
             **{f"e{n:02}": f"L'UE, ces parasites ({n})." for n in range(55)}}
    source = tmp_path_factory.mktemp("attacks-source") / "attacks.csv"
    pd.DataFrame({"comment_id": list(texts), "parent_id": ["", "t1", "t1"] + [""] * 55, "article_id": "x",
                  "author": [f"user{n % 4}" for n in range(len(texts))], "posted_at": "2025-10-20T10:00:00",
                  "text": list(texts.values())}).to_csv(source, index=False)
    slur = HOSTILE.index("youpin")
    rows = [("t1", "Volodymyr Zelensky", True, "threat", 0.93, "[[10, 25]]"),
            ("t2", "Volodymyr Zelensky", True, "slur", 0.81, f"[[{slur}, {slur + 6}]]"),
            ("t3", "Volodymyr Zelensky", False, None, 0.02, "[]"),
            *[(f"e{n:02}", "European Union", True, "contempt", 0.4 + n / 100, "[[10, 19]]") for n in range(55)]]
    connection = connect(store)
    ingest_paths(connection, [source])
    connection.executemany("""INSERT INTO targets (item_kind, article_id, comment_id, target, type, mentions,
        mention_count, sentiment, attack, evidence, alias_table, stance, attack_kind, attack_score, evidence_spans)
        VALUES ('comment', 'x', ?, ?, 'person', '[]', 1, -0.5, ?, '', 1, 'against', ?, ?, ?)""", rows)
    refresh_facts(connection)
    connection.close()
    return store


def metrics(app) -> list[str]:
    return [metric.value for metric in app.metric]


# Overview ------------------------------------------------------------------------------------

def test_overview_on_first_start_shows_the_demo_corpus(sample_store):
    app = open_app(sample_store)
    assert app.title[0].value == "Overview"
    [(articles, comments, commenters)] = sql(sample_store, "SELECT (SELECT count(*) FROM articles), count(*), "
                                                           "count(DISTINCT author) FROM comments")
    assert (articles, comments) == (3, 605)  # the seed article and its 5 comments, 300 Reddit, 300 TikTok
    assert metrics(app)[:3] == ["3", "605", f"{commenters:,}"] and metrics(app)[4].startswith("en ")
    assert len(app.get("plotly_chart")) == 4  # sentiment, articles, targets, topics (the demo has no dates)
    assert any("carry no dates" in caption.value for caption in app.caption)  # said once; the charts close up


def test_overview_numbers_follow_the_filters(rumour_store):
    app = open_app(rumour_store, {"sentiment": "negative", "depth_min": "1"})
    [(expected,)] = sql(rumour_store, """SELECT count(*) FROM comments c JOIN text_analysis t
        ON t.item_kind = 'comment' AND t.article_id = c.article_id AND t.comment_id = c.comment_id
        WHERE t.sentiment_label = 'negative' AND c.depth >= 1""")
    assert metrics(app)[1] == f"{expected:,}"
    assert "sentiment negative" in app.caption[0].value and "depth 1–…" in app.caption[0].value
    assert app.sidebar.selectbox(key="f_sentiment").value == "negative"


def test_a_bad_link_value_warns_and_falls_back(rumour_store):
    app = open_app(rumour_store, {"sentiment": "furious", "topic": "999"})
    warnings = [warning.value for warning in app.warning]
    assert any("sentiment='furious'" in w for w in warnings) and any("topic='999'" in w for w in warnings)
    [(total,)] = sql(rumour_store, "SELECT count(*) FROM comments")
    assert metrics(app)[1] == f"{total:,}"


def test_changing_a_filter_rewrites_the_link(rumour_store):
    app = open_app(rumour_store)
    app.sidebar.selectbox(key="f_lang").select("fr").run()
    assert app.query_params["lang"] == ["fr"] or app.query_params["lang"] == "fr"
    [(french,)] = sql(rumour_store, "SELECT count(*) FROM text_analysis WHERE item_kind = 'comment' AND lang = 'fr'")
    assert metrics(app)[1] == f"{french:,}"


# Threads -------------------------------------------------------------------------------------

def test_threads_draws_depths_tree_and_chains(rumour_store):
    [(article,)] = sql(rumour_store, """SELECT article_id FROM comments GROUP BY article_id
                                        ORDER BY max(depth) DESC, article_id LIMIT 1""")
    app = open_app(rumour_store, {"page": "threads", "article": article})
    assert app.title[0].value == "Threads"
    assert len(app.get("plotly_chart")) == 3  # depth histogram, escalation, tree
    [(deepest,)] = sql(rumour_store, "SELECT max(depth) + 1 FROM comments WHERE article_id = ?", [article])
    chains = app.dataframe[0].value
    assert chains["chain_length"].iat[0] == deepest
    latency = app.dataframe[2].value
    [(replies,)] = sql(rumour_store, """SELECT count(*) FROM comments c JOIN comments p ON p.article_id = c.article_id
        AND p.comment_id = c.parent_id WHERE c.article_id = ? AND c.posted_at >= p.posted_at""", [article])
    assert latency["replies"].sum() == replies


def test_the_tree_drawn_is_the_deepest_thread_and_the_link_keeps_the_one_picked(rumour_store):
    ranked = sql(rumour_store, """SELECT article_id FROM comments GROUP BY article_id
                                  ORDER BY max(depth) DESC, count(*) FILTER (WHERE depth > 0) DESC, count(*) DESC""")
    app = open_app(rumour_store, {"page": "threads"})
    assert app.selectbox(key="threads_tree_article").value == ranked[0][0]
    chosen = ranked[5][0]
    app.selectbox(key="threads_tree_article").set_value(chosen).run()
    assert not app.exception and app.query_params["tree"] in (chosen, [chosen])
    again = open_app(rumour_store, {"page": "threads", "tree": chosen})
    assert again.selectbox(key="threads_tree_article").value == chosen


# Targets -------------------------------------------------------------------------------------

def test_targets_table_matches_the_store(rumour_store):
    app = open_app(rumour_store, page="targets")
    table = app.dataframe[0].value
    expected = sql(rumour_store, """SELECT target, CAST(sum(mention_count) AS BIGINT), count(*) FROM targets
        WHERE item_kind = 'comment' GROUP BY target ORDER BY 2 DESC, target LIMIT 3""")
    assert [tuple(row) for row in table[["target", "mentions", "comments"]].head(3).itertuples(index=False)] == expected
    forms = app.dataframe[1].value
    assert set(forms.columns) == {"target", "written as", "kind", "occurrences"} and len(forms) > 0
    assert any("Alias table" == header.value for header in app.subheader)


def test_the_targets_page_says_what_each_target_is_attacked_with(sample_store):
    # the seed article alone: the demo's English threads name fifteen busier targets than Zelensky
    [(seed,)] = sql(sample_store, "SELECT DISTINCT article_id FROM targets WHERE target = 'Volodymyr Zelensky'")
    app = open_app(sample_store, {"page": "targets", "article": seed})
    [terms] = [frame.value for frame in app.dataframe if "attacked with" in frame.value.columns]
    zelensky = terms[terms["target"] == "Volodymyr Zelensky"]
    assert "nain de kiev" in set(zelensky["attacked with"])
    [(attacking,)] = sql(sample_store, """SELECT count(*) FROM targets WHERE item_kind = 'comment'
        AND target = 'Volodymyr Zelensky' AND attack AND strpos(lower(evidence), 'nain de kiev') > 0""")
    assert zelensky.set_index("attacked with").loc["nain de kiev", "comments"] == attacking


def test_the_learned_scorers_attacks_add_up_to_one_row_and_authorless_comments_no_commenters(sample_store):
    """The scorer's evidence is "hostile (0.74)": counted as written, each score made a row of its own
    ("hostile (0.74)", "hostile (0.78)" … one comment each). And the seed's comments have no author:
    its targets said "0 commenters" beside their comments; now the cell is empty."""
    import pandas as pd

    [(seed,)] = sql(sample_store, "SELECT DISTINCT article_id FROM targets WHERE target = 'Volodymyr Zelensky'")
    app = open_app(sample_store, {"page": "targets"})
    [terms] = [frame.value for frame in app.dataframe if "attacked with" in frame.value.columns]
    assert not terms["attacked with"].str.fullmatch(r"hostile \([0-9.]+\)").any()
    [(target, scored)] = sql(sample_store, """SELECT target, count(*) FROM targets WHERE item_kind = 'comment'
        AND attack AND strpos(evidence, 'hostile (') > 0 AND list_contains(?, target)
        GROUP BY target ORDER BY 2 DESC, target LIMIT 1""", [list(terms["target"].unique())])
    listed = terms[terms["target"] == target].set_index("attacked with")["comments"]
    assert scored > 1 and listed["hostile (learned scorer)"] == scored
    seeded = open_app(sample_store, {"page": "targets", "article": seed}).dataframe[0].value
    zelensky = seeded.set_index("target").loc["Volodymyr Zelensky"]
    assert zelensky["comments"] > 0 and pd.isna(zelensky["commenters"])


def test_the_alias_editor_merges_and_saves_as_the_stores_own_table(sample_store):
    from analytics.enrich.targets.aliases import read_aliases

    app = open_app(sample_store, page="targets")
    app.selectbox(key="alias_merge_from").select("Boris Johnson")
    app.selectbox(key="alias_merge_into").select("United Kingdom").run()
    app.button(key="alias_merge").click().run()
    app.button(key="alias_save").click().run()
    assert not app.exception
    saved = read_aliases(sample_store / "aliases.csv")
    assert {a.canonical for a in saved if a.alias == "Bojo"} == {"United Kingdom"}
    app.button(key="alias_undo").click().run()
    restored = read_aliases(sample_store / "aliases.csv")
    assert {a.canonical for a in restored if a.alias == "Bojo"} == {"Boris Johnson"}


def attack_blocks(app) -> list[str]:
    return [block.value for block in app.markdown if "<mark>" in block.value]


def test_a_chosen_targets_attacks_are_listed_most_hostile_first_with_their_words_marked(attack_store):
    app = open_app(attack_store, {"page": "targets", "target": "Volodymyr Zelensky"})
    assert "Attacks on Volodymyr Zelensky" in [header.value for header in app.subheader]
    assert any("2 comment(s) attack Volodymyr Zelensky, most hostile first" in c.value for c in app.caption)
    threat, slur = attack_blocks(app)  # the praise is not an attack
    assert "<mark>on va te pendre</mark>" in threat and "threat · score 0.93" in threat and "depth 0" in threat
    assert "<mark>youpin</mark>" in slur and "slur · score 0.81" in slur and "depth 1" in slur
    assert "commenter-" in slur and "user1" not in slur  # pseudonymised
    assert "<img" not in slur and "&#60;img" in slur and "**" not in slur and "$x$" not in slur
    [download] = [button for button in app.get("download_button") if "attacking" in button.proto.label]
    assert download.proto.label == "CSV of the 2 attacking comment(s)"


def test_the_attack_kind_filter_narrows_the_attacks_and_the_comments(attack_store):
    app = open_app(attack_store, {"page": "targets", "target": "Volodymyr Zelensky", "attack_kind": "slur"})
    assert "attacking it with a slur" in app.caption[0].value
    assert app.sidebar.multiselect(key="f_attack_kinds").value == ["slur"]
    [slur] = attack_blocks(app)
    assert "<mark>youpin</mark>" in slur
    app.sidebar.multiselect(key="f_attack_kinds").unselect("slur").select("threat").run()
    assert app.query_params["attack_kind"] in (["threat"], "threat")
    [threat] = attack_blocks(app)
    assert "<mark>on va te pendre</mark>" in threat
    app = open_app(attack_store, {"page": "comments", "attack_kind": "threat,slur"})
    assert any("2 comments match" in caption.value for caption in app.caption)
    app = open_app(attack_store, {"page": "comments", "attack_kind": "dehumanisation"})
    assert any("No comment matches" in info.value for info in app.info)


def test_a_long_list_of_attacks_is_capped_and_counted(attack_store):
    app = open_app(attack_store, {"page": "targets", "target": "European Union"})
    blocks = attack_blocks(app)
    assert len(blocks) == 50 and "(54)" in blocks[0] and "(5)" in blocks[-1]  # most hostile first
    assert any("55 comment(s) attack European Union" in c.value and "the first 50 are shown" in c.value
               for c in app.caption)
    app = open_app(attack_store, {"page": "targets", "target": "European Union", "attack_kind": "threat"})
    assert attack_blocks(app) == [] and any("None of these comments attacks" in i.value for i in app.info)


def test_without_a_chosen_target_the_page_says_how_to_read_its_attacks(attack_store):
    app = open_app(attack_store, page="targets")
    assert not [header for header in app.subheader if header.value.startswith("Attacks on")]
    assert any("Click a target's bar" in caption.value for caption in app.caption)


# Topics --------------------------------------------------------------------------------------

def test_topics_page_lists_every_topic_with_its_size(rumour_store):
    from analytics.dashboard.pages.topics import DEFAULT_SHOWN
    from analytics.store import open_reader
    from analytics.views.topics import level_topics, topic_levels

    app = open_app(rumour_store, page="topics")
    connection = open_reader(rumour_store)
    levels = topic_levels(connection)
    shown_ids = list(level_topics(connection, next((n for n in levels if n >= DEFAULT_SHOWN), levels[-1]))["topic_id"])
    connection.close()
    stored = {topic: (label, comments) for topic, label, comments in sql(
        rumour_store, "SELECT topic_id, label, comments FROM topics UNION ALL "
                      "SELECT topic_id, label, comments FROM topic_groups")}
    labels = [expander.label for expander in app.expander]
    assert len(labels) == len(shown_ids) > 1
    for topic, shown in zip(shown_ids, labels):  # the count the bars, the export and `topics merge` give
        label, comments = stored[topic]
        assert shown.startswith(f"Topic {topic}: {label} — {comments} comments weighing ≥ 0.3 on it")
    assert len(app.get("plotly_chart")) == 5  # map, sizes, over time, per article, drift


def test_topic_and_camp_expanders_quote_their_typical_comments(rumour_store):
    import json

    texts = {(article, comment): (author, text) for article, comment, author, text in sql(
        rumour_store, "SELECT article_id, comment_id, author, text FROM comment_facts")}
    typical = dict(sql(rumour_store, "SELECT topic_id, typical FROM topics"))
    app = open_app(rumour_store, page="topics")
    quoted = 0
    for expander in app.expander:
        topic = int(expander.label.split(":")[0].removeprefix("Topic "))
        if topic not in typical:  # a merged topic lists its members, not comments
            continue
        expected = [texts[tuple(pair)][1][:500] for pair in json.loads(typical[topic] or "[]")]
        assert [element.value for element in expander.text][1:] == expected
        quoted += len(expected)
    assert quoted > 0
    app = open_app(rumour_store, page="stance")
    camps = dict(sql(rumour_store, "SELECT camp_id, typical FROM camps"))
    from analytics.dashboard.widgets import author

    for expander, (camp, pairs) in zip(app.expander, sorted(camps.items())):
        expected = [f"{author(texts[tuple(pair)][0])}: {texts[tuple(pair)][1][:400]}" for pair in json.loads(pairs)]
        assert [element.value for element in expander.text] == expected and expected


def test_comment_texts_reads_the_pairs_it_is_given_in_one_query(rumour_store):
    from analytics.store import open_reader
    from analytics.views.selection import comment_texts

    [(article, comment, text)] = sql(rumour_store, "SELECT article_id, comment_id, text FROM comment_facts LIMIT 1")
    connection = open_reader(rumour_store)
    try:
        assert comment_texts(connection, ()) == {}
        found = comment_texts(connection, ((article, comment), ("no-such-article", comment)))
    finally:
        connection.close()
    assert list(found) == [(article, comment)] and found[(article, comment)]["text"] == text


def test_the_number_of_topics_shown_is_in_the_link(rumour_store):
    from analytics.store import open_reader
    from analytics.views.topics import topic_levels

    connection = open_reader(rumour_store)
    levels = topic_levels(connection)
    connection.close()
    app = open_app(rumour_store, {"page": "topics", "shown": str(levels[0])})
    assert app.selectbox(key="topics_shown").value == levels[0]
    app.selectbox(key="topics_shown").set_value(levels[-1]).run()
    assert app.query_params["shown"] == [str(levels[-1])] or app.query_params["shown"] == str(levels[-1])


# Stance --------------------------------------------------------------------------------------

def test_stance_page_shows_camps_and_stance_by_depth(rumour_store):
    app = open_app(rumour_store, page="stance")
    camps = sql(rumour_store, "SELECT camp_id, description, commenters FROM camps ORDER BY camp_id")
    labels = [expander.label for expander in app.expander]
    assert [label.split(" — ")[0] for label in labels] == [f"Camp {c + 1}: {d}" for c, d, _ in camps]
    assert all(f"{n} commenters" in label for (_, _, n), label in zip(camps, labels))
    assert len(app.get("plotly_chart")) == 3


# Comments ------------------------------------------------------------------------------------

def test_comments_page_counts_searches_and_opens_a_comment_in_context(rumour_store):
    [(article, comment)] = sql(rumour_store, """SELECT c.article_id, c.comment_id FROM comments c
        JOIN targets g ON g.item_kind = 'comment' AND g.article_id = c.article_id AND g.comment_id = c.comment_id
        WHERE g.target = 'Muslims' AND c.depth >= 1 ORDER BY c.article_id, c.ordinal LIMIT 1""")
    app = open_app(rumour_store, {"page": "comments", "target": "Muslims", "comment": f"{article}::{comment}"})
    [(matching,)] = sql(rumour_store, "SELECT count(*) FROM targets WHERE item_kind = 'comment' AND target = 'Muslims'")
    assert any(f"{matching:,} comments match" in caption.value for caption in app.caption)
    table = app.dataframe[0].value
    assert table["author"].str.startswith("commenter-").all()  # pseudonymised by default
    blocks = [block.value for block in app.markdown if "depth" in block.value]
    assert any("<mark>" in block for block in blocks)
    assert len(blocks) >= 2  # its ancestors, itself (and replies)
    app.text_input(key="c_search").input("police").run()
    [(searched,)] = sql(rumour_store, """SELECT count(*) FROM targets g JOIN comments c USING (article_id, comment_id)
        WHERE g.item_kind = 'comment' AND g.target = 'Muslims' AND strpos(lower(c.text), 'police') > 0""")
    assert any(f"{searched:,} comments match" in caption.value for caption in app.caption)
    assert app.query_params["search"] in (["police"], "police")


def test_the_comments_download_holds_every_matching_comment_not_the_500_listed(rumour_store):
    from analytics.store import open_reader
    from analytics.views import selection
    from analytics.views.state import ViewState

    [(total,)] = sql(rumour_store, "SELECT count(*) FROM comments")
    assert total > 500
    connection = open_reader(rumour_store)
    try:
        assert len(selection.comment_table(connection, ViewState(), None)) == total
        assert len(selection.comment_table(connection, ViewState())) == 500
    finally:
        connection.close()
    app = open_app(rumour_store, {"page": "comments"})
    labels = [element.proto.label for element in app.get("download_button")]
    assert f"CSV of all {total:,} comments" in labels


def test_an_opened_comment_says_what_makes_each_attack(sample_store):
    [(article, comment, evidence)] = sql(sample_store, """SELECT article_id, comment_id, evidence FROM targets
        WHERE item_kind = 'comment' AND target = 'Volodymyr Zelensky' AND attack ORDER BY comment_id LIMIT 1""")
    assert "nain de Kiev" in evidence
    app = open_app(sample_store, {"page": "comments", "comment": f"{article}::{comment}"})
    [targets] = [frame.value for frame in app.dataframe if "attacked by" in frame.value.columns]
    row = targets.set_index("target").loc["Volodymyr Zelensky"]
    assert row["attack"] and "nain de Kiev" in row["attacked by"]


def test_names_are_shown_only_when_switched_on(sample_store):
    app = open_app(sample_store, page="comments")
    app.sidebar.toggle(key="palabre_show_names").set_value(True).run()
    assert not app.exception


# Corpus --------------------------------------------------------------------------------------

def test_corpus_page_shows_store_articles_and_runs(rumour_store):
    app = open_app(rumour_store, page="corpus")
    [(articles, comments)] = sql(rumour_store, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM comments)")
    assert metrics(app)[:2] == [str(articles), str(comments)]
    runs = [frame.value for frame in app.dataframe if "status" in frame.value.columns]
    assert runs and runs[0]["status"].tolist() == ["finished"]


def test_the_analysis_runs_from_the_corpus_page(sample_store):
    app = open_app(sample_store, page="corpus")
    app.button(key="corpus_analyze").click().run()
    assert not app.exception
    assert any("Analysed 0 article(s) and 0 comment(s)" in success.value for success in app.success)


def test_an_article_beyond_the_sidebar_s_list_is_found_by_its_title(rumour_store, monkeypatch):
    from analytics.views import filters

    monkeypatch.setattr(filters, "ARTICLE_CHOICES", 3)
    [(article_id, title)] = sql(rumour_store, """SELECT a.article_id, a.title FROM articles a
        JOIN comments c USING (article_id) WHERE a.title IS NOT NULL GROUP BY ALL ORDER BY count(*), a.article_id
        LIMIT 1""")  # the least commented: not among the 3 listed
    app = open_app(rumour_store)
    assert len(app.sidebar.multiselect(key="f_articles").options) == 3
    app.sidebar.text_input(key="f_article_search").input(title[:40]).run()
    picker = app.sidebar.multiselect(key="f_articles")
    assert any(option.startswith(title[:40]) for option in picker.options)
    picker.select(article_id).run()
    assert app.query_params["article"] in ([article_id], article_id)
    header = app.caption[0].value  # the header names the article it shows (markdown-escaped)
    assert f"“{title.split()[0]}" in header and "f_article_search" not in str(app.query_params)

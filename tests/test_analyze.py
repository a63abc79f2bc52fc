"""`analyze`: every article and comment gets language, sentences, tokens and sentiment; batches
land whole; reruns skip what is done; exports carry the results."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from analytics.cli.main import main
from analytics.load import iter_source_files
from analytics.pipeline import batch_rows
from analytics.pipeline.analyze import analyze
from analytics.pipeline.batch_rows import paragraph_spans
from analytics.pipeline.ingest import ingest_paths
from analytics.pipeline.options import AnalysisOptions
from analytics.store import connect
from analytics.store.schema import SCHEMA_VERSION
from tests.conftest import SAMPLE, SAMPLE_DATED


@pytest.fixture
def sample_store(connection):
    ingest_paths(connection, list(iter_source_files([str(SAMPLE)])), None, {}, None)
    return connection


def rows(connection, sql):
    return connection.execute(sql).fetchall()


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_the_sample_corpus_is_analysed_whole(sample_store, mode):
    result = analyze(sample_store, AnalysisOptions(mode=mode))
    assert (result.articles, result.comments) == (1, 5)
    analysed = rows(sample_store, "SELECT item_kind, lang, sentiment_label, mode FROM text_analysis ORDER BY item_kind")
    assert [row[0] for row in analysed] == ["article"] + ["comment"] * 5
    assert {row[1] for row in analysed} == {"fr"}
    assert [row[2] for row in analysed[1:]] == ["negative"] * 5
    assert {row[3] for row in analysed} == {mode}
    [(runs, status, items)] = rows(sample_store, "SELECT count(*), any_value(status), any_value(items) FROM analysis_runs")
    assert (runs, status, items) == (1, "finished", 6)


def test_sentences_and_tokens_index_the_original_text(sample_store):
    analyze(sample_store, AnalysisOptions(mode="fast"))
    texts = dict(rows(sample_store, "SELECT comment_id, text FROM comments"))
    for comment_id, start, token in rows(sample_store, "SELECT comment_id, start_char, token FROM tokens WHERE item_kind = 'comment'"):
        assert texts[comment_id][start:start + len(token)] == token
    for comment_id, start, end in rows(sample_store, "SELECT comment_id, start_char, end_char FROM sentences WHERE item_kind = 'comment'"):
        assert texts[comment_id][start:end].strip()
    curly = rows(sample_store, "SELECT token, lemma FROM tokens WHERE token = 'L’' LIMIT 1")
    assert curly == [("L’", "le")]


def test_articles_get_paragraph_sentiment(sample_store):
    analyze(sample_store, AnalysisOptions(mode="fast"))
    [(body,)] = rows(sample_store, "SELECT body FROM articles")
    paragraphs = rows(sample_store, "SELECT paragraph_index, start_char, end_char, sentiment_label FROM paragraphs ORDER BY 1")
    assert [(start, end) for _, start, end, _ in paragraphs] == paragraph_spans(body)
    assert len(paragraphs) >= 5
    assert {label for *_, label in paragraphs} <= {"negative", "neutral", "positive"}


def test_paragraph_spans_skip_blank_lines():
    assert paragraph_spans("Un.\n\nDeux.\n  \nTrois.") == [(0, 3), (5, 10), (14, 20)]
    assert paragraph_spans("") == []


def test_a_rerun_skips_done_items_and_redo_replaces_them(sample_store):
    analyze(sample_store, AnalysisOptions(mode="fast"))
    before = rows(sample_store, "SELECT count(*) FROM tokens")
    assert (analyze(sample_store, AnalysisOptions(mode="fast")).comments, analyze(sample_store, AnalysisOptions(mode="fast")).articles) == (0, 0)
    again = analyze(sample_store, AnalysisOptions(mode="fast", redo=True))
    assert (again.articles, again.comments) == (1, 5)
    assert rows(sample_store, "SELECT count(*) FROM tokens") == before
    assert rows(sample_store, "SELECT count(*) FROM text_analysis") == [(6,)]


def test_another_mode_replaces_the_analysis(sample_store):
    analyze(sample_store, AnalysisOptions(mode="fast"))
    analyze(sample_store, AnalysisOptions(mode="accurate"))
    assert rows(sample_store, "SELECT DISTINCT mode FROM text_analysis") == [("accurate",)]


def test_an_interrupted_run_keeps_finished_batches_and_no_half_batch(sample_store, monkeypatch):
    calls = {"n": 0}
    real = batch_rows._comment_rows

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_rows, "_comment_rows", failing)
    with pytest.raises(KeyboardInterrupt):
        analyze(sample_store, AnalysisOptions(mode="fast", batch_size=2, workers=1))
    assert rows(sample_store, "SELECT count(*) FROM text_analysis WHERE item_kind = 'comment'") == [(2,)]
    assert rows(sample_store, "SELECT status, items FROM analysis_runs") == [("interrupted", 3)]
    monkeypatch.setattr(batch_rows, "_comment_rows", real)
    assert analyze(sample_store, AnalysisOptions(mode="fast", batch_size=2, workers=1)).comments == 3


def test_short_replies_take_the_language_of_their_thread(connection, tmp_path):
    source = tmp_path / "thread.csv"
    pd.DataFrame({
        "comment_id": ["a", "b", "c", "d"], "parent_id": ["", "a", "", "c"], "article_id": ["x"] * 4,
        "text": ["I completely disagree with this article, the summit will change nothing at all.", "Bravo",
                 "Je ne suis absolument pas d'accord avec cet article, ce sommet ne changera rien.", "Bravo"],
    }).to_csv(source, index=False)
    ingest_paths(connection, [source], None, {}, None)
    analyze(connection, AnalysisOptions(mode="fast"))
    langs = dict(rows(connection, "SELECT comment_id, lang || '/' || lang_source FROM text_analysis WHERE item_kind = 'comment'"))
    assert langs == {"a": "en/text", "b": "en/parent", "c": "fr/text", "d": "fr/parent"}


def test_a_version_1_store_is_upgraded_in_place(store_dir):
    store_dir.mkdir(parents=True)
    legacy = duckdb.connect(str(store_dir / "palabre.duckdb"))
    legacy.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '1')")
    legacy.close()
    connection = connect(store_dir)
    assert rows(connection, "SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    assert rows(connection, "SELECT count(*) FROM text_analysis") == [(0,)]
    connection.close()


def test_a_version_2_store_keeps_its_targets_and_gains_their_stance(store_dir):
    store_dir.mkdir(parents=True)
    legacy = duckdb.connect(str(store_dir / "palabre.duckdb"))
    legacy.execute("""CREATE TABLE meta (key VARCHAR, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '2');
        CREATE TABLE targets (item_kind VARCHAR, article_id VARCHAR, comment_id VARCHAR, target VARCHAR,
            type VARCHAR, mentions VARCHAR, mention_count INTEGER, sentiment DOUBLE, attack BOOLEAN,
            evidence VARCHAR, alias_table INTEGER);
        INSERT INTO targets VALUES ('comment', 'x', 'a', 'European Union', 'organisation', '[]', 1, 0.1, true, '', 1),
                                   ('comment', 'x', 'b', 'Viktor Orban', 'person', '[]', 1, 0.6, false, '', 1),
                                   ('comment', 'x', 'c', 'Hungary', 'place', '[]', 1, -0.05, false, '', 1)""")
    legacy.close()
    connection = connect(store_dir)
    assert rows(connection, "SELECT comment_id, stance FROM targets ORDER BY comment_id") == [
        ("a", "against"), ("b", "favour"), ("c", "neutral")]
    assert rows(connection, "SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    connection.close()


def test_a_version_3_store_keeps_its_targets_and_gains_empty_attack_columns(store_dir):
    store_dir.mkdir(parents=True)
    legacy = duckdb.connect(str(store_dir / "palabre.duckdb"))
    legacy.execute("""CREATE TABLE meta (key VARCHAR, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '3');
        CREATE TABLE targets (item_kind VARCHAR, article_id VARCHAR, comment_id VARCHAR, target VARCHAR,
            type VARCHAR, mentions VARCHAR, mention_count INTEGER, sentiment DOUBLE, attack BOOLEAN,
            evidence VARCHAR, alias_table INTEGER, stance VARCHAR);
        INSERT INTO targets VALUES ('comment', 'x', 'a', 'European Union', 'organisation', '[]', 1, -0.4, true,
                                    'parasites', 1, 'against')""")
    legacy.close()
    connection = connect(store_dir)
    assert rows(connection, """SELECT comment_id, evidence, stance, attack_kind, attack_score, evidence_spans
                               FROM targets""") == [("a", "parasites", "against", None, None, None)]
    assert rows(connection, "SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    connection.close()


def test_each_attack_is_stored_with_its_kind_score_and_evidence_offsets(connection, tmp_path, monkeypatch):
    from analytics.enrich.targets.mentions import Mention, Target

    def built(texts, *_):
        return [[Target("Volodymyr Zelensky", "person", [Mention("Zelensky", 0, 8, "alias")], -0.8, True,
                        ["on va te pendre"], "threat", 0.93, [(10, 25)]),
                 Target("European Union", "organisation", [], 0.0)] for _ in texts]

    monkeypatch.setattr(batch_rows, "analyse_targets", built)
    source = tmp_path / "threat.csv"
    pd.DataFrame({"comment_id": ["a"], "parent_id": [""], "article_id": ["x"],
                  "text": ["Zelensky, on va te pendre."]}).to_csv(source, index=False)
    ingest_paths(connection, [source], None, {}, None)
    analyze(connection, AnalysisOptions(mode="fast", workers=1))
    assert rows(connection, """SELECT target, attack, attack_kind, attack_score, evidence_spans FROM targets
                               WHERE item_kind = 'comment' ORDER BY target""") == [
        ("European Union", False, None, 0.0, "[]"), ("Volodymyr Zelensky", True, "threat", 0.93, "[[10, 25]]")]
    assert rows(connection, """SELECT t.attack_kind, t.evidence_spans FROM target_facts t
                               WHERE t.attack""") == [("threat", "[[10, 25]]")]


def test_cli_analyze_then_export_carries_language_and_sentiment(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["ingest", str(SAMPLE), "--store", store]) == 0
    assert main(["analyze", "--store", store, "--mode", "fast"]) == 0
    assert "analysed 1 article(s) and 5 comment(s) in fast mode" in capsys.readouterr().err
    out = tmp_path / "comments.csv"
    assert main(["export", "--store", store, "--table", "comments", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert frame["lang"].tolist() == ["fr"] * 5
    assert frame["sentiment_label"].tolist() == ["negative"] * 5
    assert frame["sentiment_score"].between(-1, 0).all()
    for table in ("sentences", "tokens", "articles"):
        assert main(["export", "--store", store, "--table", table, "--out", str(tmp_path / f"{table}.jsonl")]) == 0
    sentences = [json.loads(line) for line in (tmp_path / "sentences.jsonl").read_text().splitlines()]
    assert all(row["text"] for row in sentences)
    article = json.loads((tmp_path / "articles.jsonl").read_text())
    assert article["lang"] == "fr" and article["sentiment_label"] in {"negative", "neutral", "positive"}


def test_cli_predict_prints_one_json_object_per_input_in_order(tmp_path, capsys):
    source = tmp_path / "in.txt"
    source.write_text('Ce n’est pas du tout bon.\n{"text": "C’est génial, merci !"}\n\nGreat job, thanks a lot!\n',
                      encoding="utf-8")
    assert main(["predict", "sentiment", "--input", str(source), "--mode", "fast"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["label"] for line in lines] == ["negative", "positive", "neutral", "positive"]
    assert [line["lang"] for line in lines] == ["fr", "fr", "fr", "en"]
    assert all(-1 <= line["score"] <= 1 for line in lines)


def test_cli_predict_names_the_bad_jsonl_line(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "bien"}\n{"texte": "mal"}\n', encoding="utf-8")
    assert main(["predict", "sentiment", "--input", str(source), "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert "in.jsonl, line 2: expected a JSON object with a string `text` field" in err


def test_cli_predict_on_a_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["predict", "sentiment", "--input", str(tmp_path / "nope.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_analyze_stores_targets_and_versions_the_alias_table(sample_store, tmp_path):
    analyze(sample_store, AnalysisOptions(mode="fast"))
    attacked = rows(sample_store, """SELECT DISTINCT target FROM targets
                                     WHERE item_kind = 'comment' AND attack ORDER BY 1""")
    assert {"Boris Johnson", "European Union", "Volodymyr Zelensky"} <= {name for (name,) in attacked}
    assert rows(sample_store, "SELECT version, source LIKE '%aliases.csv' FROM alias_tables") == [(1, True)]
    custom = tmp_path / "aliases.csv"
    custom.write_text("canonical,type,alias,lang,kind,place\nBoris Johnson,person,Bojo,,nickname,\n", encoding="utf-8")
    analyze(sample_store, AnalysisOptions(mode="fast", redo=True, aliases=custom))
    # with the one-row table, "les eurocrates sont des schizos" calls someone unnamed names
    assert rows(sample_store, "SELECT DISTINCT target, alias_table FROM targets WHERE item_kind = 'comment'") == [
        ("Boris Johnson", 2), ("someone unnamed", 2)]
    assert rows(sample_store, "SELECT count(*) FROM alias_tables") == [(2,)]


def test_a_bad_alias_table_fails_before_anything_is_written(sample_store, tmp_path):
    from analytics.errors import InputError

    bad = tmp_path / "aliases.csv"
    bad.write_text("canonical,type,alias\nX,planet,Y\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        analyze(sample_store, AnalysisOptions(mode="fast", aliases=bad))
    assert rows(sample_store, "SELECT count(*) FROM text_analysis") == [(0,)]
    assert rows(sample_store, "SELECT count(*) FROM analysis_runs") == [(0,)]


def test_cli_export_targets_one_row_per_comment_and_target(tmp_path):
    store = str(tmp_path / "s")
    main(["ingest", str(SAMPLE), "--store", store])
    main(["analyze", "--store", store, "--mode", "fast"])
    out = tmp_path / "targets.csv"
    assert main(["export", "--store", store, "--table", "targets", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    comments = frame[frame["item_kind"] == "comment"]
    assert not comments.duplicated(["comment_id", "target"]).any()
    bojo = comments[comments["target"] == "Boris Johnson"]
    assert set(bojo["depth"]) == {0, 1} and bojo["attack"].any()
    assert all(json.loads(mentions) for mentions in comments["mentions"])
    assert {"attack_kind", "attack_score", "evidence_spans"} <= set(frame.columns)
    assert all(0 <= start < end for spans in comments["evidence_spans"] for start, end in json.loads(spans))


def test_a_short_top_level_comment_takes_its_articles_language(connection, tmp_path):
    source = tmp_path / "top.csv"
    pd.DataFrame({"comment_id": ["a"], "parent_id": [""], "article_id": ["x"], "text": ["Bravo"],
                  "article_title": ["The summit in Budapest will bring the two presidents together again"]}
                 ).to_csv(source, index=False)
    ingest_paths(connection, [source], None, {}, None)
    analyze(connection, AnalysisOptions(mode="fast"))
    assert rows(connection, "SELECT lang, lang_source FROM text_analysis WHERE item_kind = 'comment'") == [
        ("en", "article")]


def test_worker_processes_give_the_same_rows_as_one_process(tmp_path):
    def analysed(workers):
        connection = connect(tmp_path / f"w{workers}")
        ingest_paths(connection, list(iter_source_files([str(SAMPLE)])), None, {}, None)
        assert analyze(connection, AnalysisOptions(mode="fast", batch_size=2, workers=workers)).workers == workers
        tables = {table: sorted(map(repr, connection.execute(
            f"SELECT * EXCLUDE (run_id) FROM {table}" if table == "text_analysis" else f"SELECT * FROM {table}"
        ).fetchall())) for table in ("text_analysis", "sentences", "tokens", "targets")}
        connection.close()
        return tables

    assert analysed(2) == analysed(1)


def test_reading_a_version_1_store_says_how_to_upgrade_it(store_dir):
    from analytics.errors import StoreError

    store_dir.mkdir(parents=True)
    legacy = duckdb.connect(str(store_dir / "palabre.duckdb"))
    legacy.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '1')")
    legacy.close()
    with pytest.raises(StoreError, match=f"expected schema version {SCHEMA_VERSION}; found 1 .*upgrades an older store"):
        connect(store_dir, read_only=True)
    connect(store_dir).close()
    connect(store_dir, read_only=True).close()


def test_batches_hold_whole_articles_and_long_articles_are_cut():
    from analytics.pipeline.batches import comment_batches

    items = [("a", "1"), ("a", "2"), ("b", "1"), ("c", "1"), ("c", "2"), ("c", "3"), ("c", "4"), ("c", "5"), ("d", "1")]
    assert [(len(batch), whole) for batch, whole in comment_batches(items, 3)] == [
        (3, True), (3, False), (2, False), (1, True)]
    assert [item for batch, _ in comment_batches(items, 3) for item in batch] == items


def test_languages_are_the_same_whoever_resolves_them(tmp_path):
    """Whole-article batches are resolved by the worker, chunks of a long article by the main
    process: a short reply takes its parent's language either way."""
    frame = pd.DataFrame({
        "article_id": ["x"] * 5 + ["y"] * 2,
        "comment_id": ["a", "b", "c", "d", "e", "f", "g"],
        "parent_id": ["", "a", "b", "", "d", "", "f"],
        "text": ["I completely disagree with this article, the summit will change nothing at all.", "Bravo",
                 "Exactement", "Je ne suis absolument pas d'accord avec cet article, ce sommet ne changera rien.",
                 "Bravo", "Tout à fait d'accord avec vous sur ce point précis de l'article.", "Yes"]})
    frame.to_csv(tmp_path / "threads.csv", index=False)

    def languages(batch_size):
        connection = connect(tmp_path / f"b{batch_size}")
        ingest_paths(connection, [tmp_path / "threads.csv"], None, {}, None)
        analyze(connection, AnalysisOptions(mode="fast", batch_size=batch_size, workers=2))
        found = dict(rows(connection, "SELECT comment_id, lang || '/' || lang_source FROM text_analysis "
                                      "WHERE item_kind = 'comment'"))
        connection.close()
        return found

    expected = {"a": "en/text", "b": "en/parent", "c": "en/parent", "d": "fr/text", "e": "fr/parent",
                "f": "fr/text", "g": "fr/parent"}
    assert languages(2) == expected  # article x cut in chunks: resolved by the main process
    assert languages(100) == expected  # whole articles: resolved by the workers


def test_a_batch_of_articles_gives_the_rows_of_each_article_read_alone():
    """Articles are read together, one call per model for the batch (one by one, the models' fixed
    cost per call was most of an article's time): the rows are those of each article alone."""
    from analytics.enrich.targets.aliases import AliasIndex, read_aliases
    from analytics.enrich.targets.long_texts import PIECE_CHARS
    from analytics.store.reads import Item
    from analytics.text import language

    seed = SAMPLE_DATED.read_text(encoding="utf-8")
    english = "Boris Johnson is a clown, they say.\n\nThe EU is no better, and Bojo knows it. " * 3
    long = "\n\n".join(f"Paragraphe {n} : Macron répond aux eurocrates, qui le méprisent." for n in range(850))
    assert len(long) > PIECE_CHARS  # read in pieces, beside articles that are not
    articles = [Item(f"a{n}", "", None, f"Titre {n}\n\n{body}", body, 0, None)
                for n, body in enumerate([seed, english, long, ""])]
    langs = [language.decide(language.identify(item.text)) for item in articles]
    context = batch_rows.RunContext("fr", "fast", 1, batch_rows.Targets(AliasIndex(read_aliases()), 1))

    def rows(computed):
        return {table: sorted(map(repr, frame.to_pylist())) for table, frame in computed.tables.items()}

    together = rows(batch_rows.job_tables(batch_rows.Job("article", articles, langs, None), context, {}))
    alone: dict = {}
    for item, lang in zip(articles, langs):
        for table, found in rows(batch_rows.job_tables(batch_rows.Job("article", [item], [lang], None),
                                                       context, {})).items():
            alone[table] = sorted(alone.get(table, []) + found)
    assert together == alone and len(together["targets"]) >= 4 and len(together["paragraphs"]) > 120

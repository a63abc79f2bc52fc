"""Dashboard page response at 100k and 1M comments: the time from a filter change to every chart
and table of a page being ready, server side (the page's queries, uncached, plus building its
plotly figures), with p50 and p95 per page and per query, and the peak memory of the process.

Stores:
- 100k: benchmarks/corpus.py's real comments in real thread shapes, ingested and analysed with
  `analyze --mode fast` (everything: sentiment, targets, stance, topics, camps).
- 1M: the analysed 100k store copied ten times with fresh article and comment ids (each copy one
  more year later). Every analysis row is per comment, so the copies carry exactly the rows
  `analyze` writes for those texts; analysing 1M comments here would take about 15 minutes
  more and measure the same tables.

Each page is measured under several filter states (none; one sentiment; one target; depth 1–3
with a text search; one article), each state five times; a naive baseline per page runs the
same numbers the way a first script would: pandas over the whole comments table read from the
store on every change (a full load, then filter and group in memory).

Usage: python benchmarks/dashboard_queries.py [--comments 100000] [--copies 10] [--repeat 5]
       [--data ../shared/data] [--keep DIR]   (prints one JSON object)
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import DEFAULT_DATA, build_corpus  # benchmarks/corpus.py
from measure import peak_rss_mib  # benchmarks/measure.py

PER_COMMENT = {  # table -> its comment id column (copied with a suffix)
    "comments": ["article_id", "comment_id", "parent_id", "root_id", "declared_parent_id"],
    "text_analysis": ["article_id", "comment_id"], "targets": ["article_id", "comment_id"],
    "reply_stance": ["article_id", "comment_id"], "topic_weights": ["article_id", "comment_id"],
    "topic_drift": ["article_id", "comment_id"], "comment_camps": ["article_id", "comment_id"],
    "articles": ["article_id"], "article_keys": ["article_id", "source_key"],
}


def analysed_store(data: Path, comments: int, folder: Path) -> Path:
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.ingest import ingest_paths
    from analytics.pipeline.options import AnalysisOptions
    from analytics.store import close_store, connect

    build_corpus(data, comments, folder / "corpus.csv")
    store = folder / "store-small"
    connection = connect(store)
    ingest_paths(connection, [folder / "corpus.csv"])
    analyze(connection, AnalysisOptions(mode="fast"))
    close_store(connection)  # publishes the snapshot readers open, as every write command does
    return store


def copied_store(source: Path, copies: int, target: Path) -> Path:
    """The source store copied `copies` times with fresh ids (copy k: ids + '~k', dates + k years)."""
    import duckdb

    shutil.copytree(source, target)
    connection = duckdb.connect(str(target / "palabre.duckdb"))
    for table, id_columns in PER_COMMENT.items():
        columns = [row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall()]
        connection.execute(f"CREATE TEMP TABLE original AS SELECT * FROM {table}")
        for copy in range(1, copies):
            expressions = []
            for column in columns:
                if column in id_columns:
                    expressions.append(f"CASE WHEN {column} IS NULL OR {column} = '' THEN {column} "
                                       f"ELSE {column} || '~{copy}' END")
                elif column in ("posted_at", "published_at"):
                    expressions.append(f"{column} + INTERVAL {copy} YEAR")
                else:
                    expressions.append(column)
            connection.execute(f"INSERT INTO {table} SELECT {', '.join(expressions)} FROM original")
        connection.execute("DROP TABLE original")
    connection.close()
    from analytics.store import connect, refresh_facts

    connection = connect(target)  # the dashboard's read-side tables, as after any analyze
    refresh_facts(connection)
    connection.execute("CHECKPOINT")
    connection.close()
    return target


def page_work(connection, state, article: str, timings: dict[str, list[float]]):
    """Every page: (name, callable running its queries, each timed under its own name in
    `timings`, and building its figures) for a state."""
    from analytics.views import charts, selection
    from analytics.views import targets as target_reads
    from analytics.views import threads as thread_reads
    from analytics.views import topics as topic_reads

    def timed(query, *arguments):
        started = time.perf_counter()
        result = query(connection, *arguments)
        timings.setdefault(query.__name__, []).append((time.perf_counter() - started) * 1000)
        return result

    def overview():
        timed(selection.overview, state)
        charts.sentiment_bars(timed(selection.sentiment_counts, state))
        timeline = timed(selection.comments_over_time, state)
        charts.comments_over_time(timeline, timeline.attrs.get("unit", "day"))
        charts.article_bars(timed(selection.top_articles, state, 10))
        targets = timed(selection.top_targets, state, 10)
        if not targets.empty:
            charts.target_bars(targets)
        charts.topic_bars(timed(selection.top_topics, state))

    def threads():
        charts.depth_histogram(timed(thread_reads.depth_counts, state))
        charts.escalation(timed(thread_reads.escalation, state))
        articles = timed(selection.top_articles, state, 50)
        chosen = state.articles[0] if state.articles else (articles["article_id"].iat[0] if len(articles) else article)
        nodes = timed(thread_reads.tree, state, chosen)
        if not nodes.empty:
            charts.thread_tree(nodes, "tree")
        timed(thread_reads.longest_chains, state)
        timed(thread_reads.widest_branches, state)
        timed(thread_reads.reply_latency, state)

    def targets():
        found = timed(selection.top_targets, state, 15)
        if found.empty:
            return
        names = list(found["target"])
        charts.target_bars(found)
        charts.co_mention_network(found, timed(target_reads.co_mentions, state, names))
        charts.by_group_lines(timed(target_reads.targets_by, state, "depth", names[:6]), "depth", "mentions", "target", "", "")
        charts.by_group_lines(timed(target_reads.targets_by, state, "day", names[:6]), "day", "mentions", "target", "", "")
        timed(target_reads.surface_forms, state, names)

    def topics():
        stored = topic_reads.topics(connection)
        charts.topic_map(topic_reads.topic_map(stored), timed(selection.top_topics, state))
        charts.share_bars(timed(topic_reads.topic_shares, state, "period"), "period", "")
        charts.share_bars(timed(topic_reads.topic_shares, state, "article", 15), "article", "")
        charts.drift_line(timed(topic_reads.drift_by_depth, state))

    def stance():
        charts.stance_by_depth(timed(topic_reads.stance_by_depth, state))
        charts.target_stance_bars(timed(topic_reads.target_stances, state, 12))
        camps = topic_reads.camps(connection)
        if not camps.empty:
            charts.camp_profiles(camps)
        timed(topic_reads.camp_counts, state)

    def comments():
        timed(selection.count_selected, state)
        timed(selection.comment_table, state, 500)

    return {"overview": overview, "threads": threads, "targets": targets, "topics": topics, "stance": stance,
            "comments": comments}


def naive_page(connection, state) -> None:
    """The first script: read every comment with its analysis into pandas, filter, group."""
    frame = connection.execute("""SELECT c.*, t.sentiment_label, t.sentiment_score, t.lang FROM comments c
        LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
        AND t.comment_id = c.comment_id""").df()
    targets = connection.execute("SELECT article_id, comment_id, target, attack, sentiment FROM targets "
                                 "WHERE item_kind = 'comment'").df()
    if state.sentiment:
        frame = frame[frame["sentiment_label"] == state.sentiment]
    if state.depth_min:
        frame = frame[frame["depth"] >= state.depth_min]
    if state.depth_max is not None:
        frame = frame[frame["depth"] <= state.depth_max]
    if state.search:
        frame = frame[frame["text"].str.lower().str.contains(state.search.lower(), regex=False)]
    if state.articles:
        frame = frame[frame["article_id"].isin(state.articles)]
    merged = targets.merge(frame[["article_id", "comment_id"]], on=["article_id", "comment_id"])
    if state.target:
        keep = merged[merged["target"] == state.target][["article_id", "comment_id"]]
        frame = frame.merge(keep.drop_duplicates(), on=["article_id", "comment_id"])
    frame.groupby("sentiment_label").size()
    frame.groupby("depth").size()
    merged.groupby("target").agg(mentions=("target", "size"), attack=("attack", "mean"))


def measure(store: Path, repeat: int) -> dict:
    import duckdb

    from analytics.views.state import ViewState

    connection = duckdb.connect(str(store / "palabre.duckdb"), read_only=True)
    comments = connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    article = connection.execute("SELECT article_id FROM comments GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    top_target = connection.execute("SELECT target FROM targets GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    states = {"no filter": ViewState(), "sentiment": ViewState(sentiment="negative"),
              "target": ViewState(target=top_target), "depth+search": ViewState(depth_min=1, depth_max=3, search="the"),
              "one article": ViewState(articles=(article,))}
    timings: dict[str, list[float]] = {}
    queries: dict[str, list[float]] = {}
    for _ in range(repeat):
        for state in states.values():
            for page, work in page_work(connection, state, article, queries).items():
                started = time.perf_counter()
                work()
                timings.setdefault(page, []).append((time.perf_counter() - started) * 1000)
    dashboard_rss = peak_rss_mib()  # the pages' queries and figures only; the naive loads come after
    naive_timings = []
    for _ in range(repeat):
        for state in states.values():
            started = time.perf_counter()
            naive_page(connection, state)
            naive_timings.append((time.perf_counter() - started) * 1000)
    connection.close()

    def summary(values: list[float]) -> dict:
        ordered = sorted(values)
        return {"p50_ms": round(statistics.median(ordered), 1),
                "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
                "runs": len(ordered)}

    pages = {page: summary(values) for page, values in timings.items()}
    naive = summary(naive_timings)
    per_query = {name: summary(values) for name, values in sorted(queries.items())}
    return {"comments": comments, "pages": pages, "queries": per_query,
            "naive_page (pandas over the whole table)": naive,
            "slowest_page_p95_ms": max(page["p95_ms"] for page in pages.values()),
            "slowest_query_p95_ms": max(query["p95_ms"] for query in per_query.values()),
            "naive_p50_vs_overview_p50": round(naive["p50_ms"] / pages["overview"]["p50_ms"], 2),
            "peak_rss_mib_pages": round(dashboard_rss), "peak_rss_mib_with_naive": round(peak_rss_mib())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--copies", type=int, default=10, help="the larger store is this many copies (default 10)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder (and reuse them next time)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return
    import subprocess

    folder = args.keep or Path(tempfile.mkdtemp(prefix="palabre-dashboard-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    small = folder / "store-small"
    if not (small / "palabre.duckdb").exists():
        small = analysed_store(args.data, args.comments, folder)
    from analytics.store import connect, facts_ready, refresh_facts

    for store in (small, folder / "store-large"):  # stores kept from an older run lack the read-side tables
        if (store / "palabre.duckdb").exists():
            connection = connect(store)
            if not facts_ready(connection):
                refresh_facts(connection)
            connection.close()
    prepared = time.perf_counter() - started
    large = folder / "store-large"
    if not (large / "palabre.duckdb").exists():
        copied_store(small, args.copies, large)
    results = []
    for store in (small, large):  # each store measured in its own process: peak RSS is that store's
        output = subprocess.run([sys.executable, __file__, "--measure", str(store), "--repeat", str(args.repeat)],
                                check=True, capture_output=True, text=True).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    print(json.dumps({"preparation_seconds": round(prepared, 1), "results": results}, indent=1))
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()

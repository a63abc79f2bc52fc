"""Corpus: add files from the browser (every format the CLI reads), watch them load, read the
validation report, run the analysis with a progress bar, remove articles or files (undo-able),
see past ingests and analysis runs."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from analytics.dashboard import data, store_manager, view, widgets
from analytics.dashboard.plain import markdown_text
from analytics.errors import PalabreError
from analytics.load import FORMATS
from analytics.pipeline.ingest import IngestFailure, ingest_paths
from analytics.store import close_store, connect
from analytics.store.aliases import store_table
from analytics.views import charts, reports

UPLOAD_TYPES = ["txt", "csv", "tsv", "jsonl", "json", "parquet", "xml", "html", "htm"]


def render() -> None:
    state = view.current("corpus")
    view.sidebar(state)
    view.header(state, "Corpus")
    summary = data.read(reports.summary)
    columns = st.columns(4)
    columns[0].metric("Articles", summary["articles"])
    columns[1].metric("Comments", summary["comments"])
    columns[2].metric("Deepest reply", summary["max_depth"])
    columns[3].metric("Validation issues", summary["validation_issues"])
    st.caption(f"Store: `{data.store_dir()}`")
    if data.read_only():
        st.info("This dashboard is read-only (serve --read-only): files are added and analysed with "
                "`python -m analytics ingest` and `analyze` on the machine that holds the store.")
    else:
        _upload()
        _analysis()
    articles = data.read(reports.articles_overview)
    st.subheader("Articles")
    if articles.empty:
        st.info("The store holds no article yet: add files above or run `python -m analytics ingest PATH`.")
    else:
        widgets.table(articles.rename(columns={"article_id": "id", "published_at": "published",
                                               "max_depth": "deepest reply"}), "corpus_articles",
                      column_config={"published": st.column_config.DateColumn(format="YYYY-MM-DD")})
        widgets.chart(charts.depth_histogram(data.read(reports.depth_counts, None), "Comments per reply depth (all)"),
                      "corpus_depth", state, lambda point: {"depth_min": int(point["x"]), "depth_max": int(point["x"])})
    if not data.read_only():
        store_manager.render(articles)
    report = data.read(reports.validation_report)
    with st.expander(f"Validation report ({len(report)} entries)", expanded=False):
        if report.empty:
            st.caption("No ingest reported a problem.")
        else:
            widgets.table(report, "corpus_validation")
    with st.expander("Past ingests and analysis runs"):
        widgets.table(data.read(reports.ingest_history), "corpus_ingests")
        widgets.table(data.read(reports.analysis_runs), "corpus_runs")


def _upload() -> None:
    st.subheader("Add files")
    files = st.file_uploader("Pasted pages (.txt), exports (.csv, .tsv, .jsonl, .json, .parquet), WordPress "
                             "(REST .json, WXR .xml, saved pages .html), Reddit threads (.json)",
                             type=UPLOAD_TYPES, accept_multiple_files=True, key="corpus_upload")
    chosen_format = st.selectbox("Format", [None, *FORMATS], format_func=lambda f: "detect" if f is None else f,
                                 key="corpus_format")
    if not files or not st.button(f"Ingest {len(files)} file(s)", type="primary", key="corpus_ingest"):
        return
    progress = st.progress(0.0, text="Ingesting…")
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="palabre-upload-") as folder:
        paths = []
        for upload in files:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            paths.append(path)
        connection = connect(data.store_dir())
        try:
            def advance(outcome) -> None:
                outcomes.append(outcome)
                progress.progress(len(outcomes) / len(paths), text=f"{len(outcomes)} of {len(paths)} file(s)")

            for path in paths:
                ingest_paths(connection, [path], chosen_format, on_file=advance)
        except PalabreError as error:
            st.error(str(error))
        finally:
            close_store(connection)
    for outcome in outcomes:
        name = Path(outcome.source_file).name
        if isinstance(outcome, IngestFailure):
            st.error(markdown_text(f"{name}: not ingested: {outcome.error}"))
        elif outcome.skipped:
            st.info(markdown_text(f"{name}: already in the store, unchanged."))
        else:
            st.success(markdown_text(name) + f" ({outcome.format}): {len(outcome.articles)} article(s), {outcome.comments_added} new "
                       f"comment(s), {len(outcome.issues)} issue(s) in the validation report.")
    st.caption("Run the analysis below to add sentiment, targets, stance, topics and camps to new comments.")
    data.refresh_version()  # what follows on this page reads the store as it now is


def _analysis() -> None:
    status = data.read(reports.analysis_status)
    st.subheader("Analysis")
    pending = data.read(reports.pending_counts)
    st.caption(f"{status['comments_analysed']:,} comments analysed; {pending['comments']:,} comments and "
               f"{pending['articles']:,} articles waiting. Alias table: `{store_table(data.store_dir())}`.")
    mode = st.radio("Mode", ["fast", "accurate"], horizontal=True, key="corpus_mode",
                    help="fast: linear models, thousands of comments a second; accurate: embeddings, "
                         "30–45 comments a second, better sentiment")
    redo = st.checkbox("Analyse everything again (after editing the alias table)", key="corpus_redo")
    if not st.button("Run the analysis", key="corpus_analyze"):
        return
    from analytics.pipeline.analyze import analyze
    from analytics.pipeline.options import AnalysisOptions

    bar = st.progress(0.0, text="Starting…")
    connection = connect(data.store_dir())
    try:
        options = AnalysisOptions(mode=mode, redo=redo, aliases=store_table(data.store_dir()), workers=1)
        result = analyze(connection, options,
                         progress=lambda done, total: bar.progress(done / max(total, 1), text=f"{done:,} of {total:,}"),
                         on_stage=lambda message: bar.progress(1.0, text=message))
    except PalabreError as error:
        st.error(str(error))
        return
    finally:
        close_store(connection)
    bar.progress(1.0, text="Done")
    st.success(f"Analysed {result.articles} article(s) and {result.comments} comment(s) (run {result.run_id}); "
               f"topics: {result.topics if result.topics is not None else 'none'}; camps: {result.camps}.")
    for note in result.notes:
        st.caption(note)


if __name__ == "__main__":  # run by st.navigation as a page script
    view.page(render)

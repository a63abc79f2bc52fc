"""Targets: who the selected comments name and attack, by depth and over time, named together,
written how, attacked with what; for a chosen target, the comments attacking it with the words that
make each attack highlighted; the alias table, editable."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from analytics.dashboard import alias_editor, data, view, widgets
from analytics.dashboard.plain import markdown_text
from analytics.views import charts, selection
from analytics.views import targets as target_reads
from analytics.views.exports import csv_bytes, pseudonymise
from analytics.views.state import ATTACK_PHRASES, ViewState

TOP = 15
LINES = 6
ATTACKS_SHOWN = 50


def render() -> None:
    state = view.current("targets")
    view.sidebar(state)
    view.header(state, "Named targets")
    targets = data.read(selection.top_targets, state.filters(), TOP)
    if targets.empty:
        st.info("No named target in these comments (or no analysis yet).")
        if state.target:
            _attacks(state)
    else:
        left, right = st.columns([3, 2])
        with left:
            widgets.chart(charts.target_bars(targets, "Targets by mentions (colour: attack rate)"), "targets_bars",
                          state, lambda point: {"target": widgets.custom(point, 3)}, page="targets")
        with right:
            pairs = data.read(target_reads.co_mentions, state.filters(), list(targets["target"]))
            widgets.chart(charts.co_mention_network(targets, pairs), "targets_network", state,
                          lambda point: {"target": widgets.custom(point, 0)} if widgets.custom(point, 0) else None,
                          page="targets")
        if state.target:
            _attacks(state)
        else:
            st.caption("Click a target's bar or node (or pick it in the sidebar) to read the comments attacking it.")
        widgets.table(targets, "targets_table", column_config={
            "attack_rate": st.column_config.ProgressColumn("attack rate", min_value=0.0, max_value=1.0, format="percent"),
            "mean_sentiment": st.column_config.NumberColumn("mean sentiment", format="%.2f")})
        top = list(targets["target"].head(LINES))
        by_day = data.read(target_reads.targets_by, state.filters(), "day", top)
        if by_day.empty:  # no time chart: the depth chart takes the row
            st.caption("These comments carry no dates: no chart of mentions over time.")
        widgets.in_rows([lambda state: _by_depth(state, top),
                         *([] if by_day.empty else [lambda state: _by_day(state, by_day)])], state)
        forms, attacks = st.columns(2)
        with forms:
            st.subheader("How each target is written")
            widgets.table(data.read(target_reads.surface_forms, state.filters(), list(targets["target"])), "targets_forms")
        with attacks:
            st.subheader("What each target is attacked with")
            widgets.table(data.read(target_reads.attack_terms, state.filters(), list(targets["target"])), "targets_attacks")
    if not data.read_only():
        alias_editor.render()


def _attacks(state: ViewState) -> None:
    """The selected comments attacking the chosen target, most hostile first, the words that make
    each attack highlighted; the first ATTACKS_SHOWN shown, all of them as CSV."""
    target = markdown_text(state.target)
    st.subheader(f"Attacks on {target}")
    frame = data.read(target_reads.target_attacks, state.filters())
    kinds = " or ".join(ATTACK_PHRASES[kind] for kind in state.attack_kinds)
    if frame.empty:
        st.info(f"None of these comments attacks {target}" + (f" with {kinds}." if kinds else "."))
    else:
        total = len(frame)
        capped = f"; the first {ATTACKS_SHOWN} are shown, the CSV has them all." if total > ATTACKS_SHOWN else "."
        st.caption(f"{total:,} comment(s) attack {target}" + (f" with {kinds}" if kinds else "") + ", most hostile "
                   "first (score: the learned scorer's probability that what they say of it is hostile)" + capped)
        salt = data.pseudonym_salt()
        for row in frame.head(ATTACKS_SHOWN).itertuples():
            spans = _spans(row.evidence_spans)
            score = f"{row.attack_score:.2f}" if pd.notna(row.attack_score) else "not recorded"
            note = f" · {row.attack_kind or 'kind not recorded'} · score {score}"
            if not spans and row.evidence:
                note += f" · attacked with: {row.evidence}"
            widgets.comment_block(widgets.author(row.author, salt), row.posted_at, int(row.depth),
                                  widgets.highlighted(row.text or "", spans), note)
        texts = [" | ".join((text or "")[start:end] for start, end in _spans(stored))
                 for text, stored in zip(frame["text"], frame["evidence_spans"])]
        export = frame.assign(evidence_text=texts)
        export = export if view.show_names() else pseudonymise(export, salt)
        st.download_button(f"CSV of the {total:,} attacking comment(s)", data=lambda: csv_bytes(export),
                           file_name="palabre-target-attacks.csv", mime="text/csv", key="target_attack_list_csv",
                           on_click="ignore", type="tertiary", icon=":material/download:")
    if st.button(f"All the comments naming {target}", key="targets_open_comments", type="tertiary"):
        view.drill(state)


def _spans(stored: object) -> list[tuple[int, int]]:
    """The evidence offsets stored as JSON [[start, end], …] (none for rows analysed before they were kept)."""
    if not isinstance(stored, str) or not stored:
        return []
    return [(int(start), int(end)) for start, end in json.loads(stored)]


def _by_depth(state, top: list[str]) -> None:
    by_depth = data.read(target_reads.targets_by, state.filters(), "depth", top)
    widgets.chart(charts.by_group_lines(by_depth, "depth", "mentions", "target", "Mentions by reply depth",
                                        "mentions"), "targets_depth", state,
                  lambda point: {"target": widgets.custom(point, 0), "depth_min": int(point["x"]),
                                 "depth_max": int(point["x"])})


def _by_day(state, by_day) -> None:
    widgets.chart(charts.by_group_lines(by_day, "day", "mentions", "target", "Mentions over time", "mentions"),
                  "targets_time", state, _day)


def _day(point: dict) -> dict | None:
    from datetime import date

    if not point.get("x"):
        return None
    day = date.fromisoformat(str(point["x"])[:10])
    return {"target": widgets.custom(point, 0), "date_from": day, "date_to": day}


if __name__ == "__main__":  # run by st.navigation as a page script
    view.page(render)

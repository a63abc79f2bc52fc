"""Targets: who the selected comments name and attack, by depth and over time, named together,
written how, attacked with what; the alias table, editable."""
from __future__ import annotations

import streamlit as st

from analytics import charts
from analytics.dashboard import alias_editor, data, view, widgets

TOP = 15
LINES = 6


def render() -> None:
    state = view.current("targets")
    view.sidebar(state)
    view.header(state, "Named targets")
    targets = data.view("top_targets", state.filters(), TOP)
    if targets.empty:
        st.info("No named target in these comments (or no analysis yet).")
    else:
        left, right = st.columns([3, 2])
        with left:
            widgets.chart(charts.target_bars(targets, "Targets by mentions (colour: attack rate)"), "targets_bars",
                          state, lambda point: {"target": widgets.custom(point, 3)})
        with right:
            pairs = data.view("co_mentions", state.filters(), list(targets["target"]))
            widgets.chart(charts.co_mention_network(targets, pairs), "targets_network", state,
                          lambda point: {"target": widgets.custom(point, 0)} if widgets.custom(point, 0) else None)
        widgets.table(targets, "targets_table", column_config={
            "attack_rate": st.column_config.ProgressColumn("attack rate", min_value=0.0, max_value=1.0, format="percent"),
            "mean_sentiment": st.column_config.NumberColumn("mean sentiment", format="%.2f")})
        top = list(targets["target"].head(LINES))
        left, right = st.columns(2)
        with left:
            by_depth = data.view("targets_by", state.filters(), "depth", top)
            widgets.chart(charts.by_group_lines(by_depth, "depth", "mentions", "target", "Mentions by reply depth",
                                                "mentions"), "targets_depth", state,
                          lambda point: {"target": widgets.custom(point, 0), "depth_min": int(point["x"]),
                                         "depth_max": int(point["x"])})
        with right:
            by_day = data.view("targets_by", state.filters(), "day", top)
            if by_day.empty:
                st.info("These comments carry no dates.")
            else:
                widgets.chart(charts.by_group_lines(by_day, "day", "mentions", "target", "Mentions over time",
                                                    "mentions"), "targets_time", state,
                              lambda point: _day(point))
        forms, attacks = st.columns(2)
        with forms:
            st.subheader("How each target is written")
            widgets.table(data.view("surface_forms", state.filters(), list(targets["target"])), "targets_forms")
        with attacks:
            st.subheader("What each target is attacked with")
            widgets.table(data.view("attack_terms", state.filters(), list(targets["target"])), "targets_attacks")
    alias_editor.render()


def _day(point: dict) -> dict | None:
    from datetime import date

    if not point.get("x"):
        return None
    day = date.fromisoformat(str(point["x"])[:10])
    return {"target": widgets.custom(point, 0), "date_from": day, "date_to": day}


if __name__ == "__main__":  # run by st.navigation as a page script
    view.page(render)

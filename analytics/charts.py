"""Pure chart functions: DataFrame in, plotly Figure out."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go


def depth_histogram(depths: pd.DataFrame, title: str = "Comments per reply depth") -> go.Figure:
    """Bar chart of comments per depth (0 = top-level) from a frame with `depth` and `comments`."""
    figure = go.Figure(go.Bar(
        x=depths["depth"], y=depths["comments"], marker_color="#3b6ea5",
        hovertemplate="depth %{x}: %{y} comments<extra></extra>"))
    figure.update_layout(
        title=title, xaxis_title="reply depth (0 = top-level comment)", yaxis_title="comments",
        xaxis={"dtick": 1}, bargap=0.15, margin={"l": 40, "r": 10, "t": 50, "b": 40}, height=340)
    return figure


SENTIMENT_COLOURS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60"}


def sentiment_bars(counts: pd.DataFrame, title: str = "Comments per sentiment") -> go.Figure:
    """Bar chart of comments per sentiment label from a frame with `sentiment` and `comments`."""
    figure = go.Figure(go.Bar(
        x=counts["sentiment"], y=counts["comments"],
        marker_color=[SENTIMENT_COLOURS.get(label, "#3b6ea5") for label in counts["sentiment"]],
        hovertemplate="%{x}: %{y} comments<extra></extra>"))
    figure.update_layout(title=title, xaxis_title="sentiment", yaxis_title="comments", bargap=0.3,
                         margin={"l": 40, "r": 10, "t": 50, "b": 40}, height=340)
    return figure


def target_bars(targets: pd.DataFrame, title: str = "Named targets") -> go.Figure:
    """Horizontal bars of mentions per target, coloured by the share of comments attacking it."""
    ordered = targets.sort_values("mentions")
    figure = go.Figure(go.Bar(
        y=ordered["target"], x=ordered["mentions"], orientation="h",
        marker={"color": ordered["attack_rate"], "colorscale": [[0, "#9bb7d4"], [1, "#c0392b"]],
                "cmin": 0, "cmax": 1, "colorbar": {"title": "attack rate"}},
        customdata=ordered[["comments", "mean_sentiment", "attack_rate"]],
        hovertemplate=("%{y}: %{x} mentions in %{customdata[0]} comments<br>mean sentiment %{customdata[1]}"
                       "<br>attacked in %{customdata[2]:.0%} of them<extra></extra>")))
    figure.update_layout(title=title, xaxis_title="mentions", margin={"l": 10, "r": 10, "t": 50, "b": 40},
                         height=max(260, 28 * len(ordered) + 90))
    return figure

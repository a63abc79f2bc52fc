"""Pure chart functions: DataFrame in, plotly Figure out. Text from the corpus (titles, targets,
comments) goes through `plain`, so plotly's pseudo-HTML (<a>, <b>…) in it is shown, not obeyed.
Each is kept with its data (figure_memo): equal data gives back the figure built before."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from analytics.views.chart_text import fit_titles, inward, lines, outward, shortened
from analytics.views.figure_memo import memo


def points(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    """A chart's customdata as plain Python values. Plotly 6 sends numeric NumPy arrays base64
    encoded ({"dtype", "bdata"}), and Streamlit hands a clicked point's customdata back in that
    form: a dict where a drill-down expects the topic number (the topic-click crash)."""
    return frame[columns].to_numpy(dtype=object).tolist()


@memo
def depth_histogram(depths: pd.DataFrame, title: str = "Comments per reply depth") -> go.Figure:
    """Bar chart of comments per depth (0 = top-level) from a frame with `depth` and `comments`."""
    figure = go.Figure(go.Bar(
        x=depths["depth"], y=depths["comments"], marker_color="#3b6ea5",
        hovertemplate="depth %{x}: %{y} comments<extra></extra>"))
    figure.update_layout(
        title=title, xaxis_title="reply depth (0 = top-level comment)", yaxis_title="comments",
        xaxis={"dtick": 1}, yaxis=whole_numbers(depths["comments"]), bargap=0.15,
        margin={"l": 40, "r": 10, "t": 50, "b": 40}, height=340)
    return fit_titles(figure)


def whole_numbers(counts: pd.Series) -> dict:
    """An axis of counts: ticks one apart when the largest is small (plotly's own went 0, 0.5, 1 …)."""
    return {"dtick": 1} if len(counts) and counts.max() <= 10 else {}


def plain(text: object, limit: int | None = None) -> str:
    """Corpus text for a chart label: escaped (plotly reads tags in labels), optionally shortened."""
    value = "" if text is None else str(text)
    return html.escape(shortened(value, limit) if limit else value, quote=False)


def wrapped(text: object, limit: int = 280, width: int = 70) -> str:
    """Corpus text for a hover box: escaped, at most `limit` characters (one ellipsis when cut),
    broken into lines of about `width` characters at spaces."""
    value = "" if text is None else " ".join(str(text).split())
    return "<br>".join(html.escape(part, quote=False) for part in lines(shortened(value, limit), width))


SENTIMENT_COLOURS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60"}


@memo
def sentiment_bars(counts: pd.DataFrame, title: str = "Comments per sentiment") -> go.Figure:
    """Bar chart of comments per sentiment label from a frame with `sentiment` and `comments`."""
    figure = go.Figure(go.Bar(
        x=counts["sentiment"], y=counts["comments"],
        marker_color=[SENTIMENT_COLOURS.get(label, "#3b6ea5") for label in counts["sentiment"]],
        hovertemplate="%{x}: %{y} comments<extra></extra>"))
    figure.update_layout(title=title, xaxis_title="sentiment", yaxis_title="comments", bargap=0.3,
                         margin={"l": 40, "r": 10, "t": 50, "b": 40}, height=340)
    return fit_titles(figure)


@memo
def target_bars(targets: pd.DataFrame, title: str = "Named targets") -> go.Figure:
    """Horizontal bars of mentions per target, coloured by the share of comments attacking it."""
    ordered = targets.sort_values("mentions")
    figure = go.Figure(go.Bar(
        y=[plain(name) for name in ordered["target"]], x=ordered["mentions"], orientation="h",
        marker={"color": ordered["attack_rate"], "colorscale": [[0, "#9bb7d4"], [1, "#c0392b"]],
                "cmin": 0, "cmax": 1, "colorbar": {"title": "attack rate"}},
        customdata=points(ordered, ["comments", "mean_sentiment", "attack_rate", "target"]),
        hovertemplate=("%{y}: %{x} mentions in %{customdata[0]} comments<br>mean sentiment %{customdata[1]}"
                       "<br>attacked in %{customdata[2]:.0%} of them<extra></extra>")))
    figure.update_layout(title=title, xaxis_title="mentions", margin={"l": 10, "r": 10, "t": 50, "b": 40},
                         height=max(260, 28 * len(ordered) + 90))
    return fit_titles(figure)


STANCE_COLOURS = {"agree": "#27ae60", "disagree": "#c0392b", "query": "#e67e22", "neutral": "#95a5a6",
                  "favour": "#1e8449", "against": "#922b21"}  # favour, against: top-level comments toward the article
TARGET_STANCE_COLOURS = {"against": "#c0392b", "neutral": "#95a5a6", "favour": "#27ae60"}
MARGIN = {"l": 40, "r": 10, "t": 50, "b": 40}


@memo
def comments_over_time(frame: pd.DataFrame, unit: str = "day") -> go.Figure:
    """Stacked bars of comments per day (or week), one colour per sentiment."""
    figure = go.Figure()
    for label in [*SENTIMENT_COLOURS, "not analysed"]:
        part = frame[frame["sentiment"] == label]
        if not part.empty:
            figure.add_bar(x=part["period"], y=part["comments"], name=label,
                           marker_color=SENTIMENT_COLOURS.get(label, "#3b6ea5"), customdata=[label] * len(part),
                           hovertemplate=f"%{{x}}: %{{y}} {label} comments<extra></extra>")
    figure.update_layout(title=f"Comments per {unit}", barmode="stack", yaxis_title="comments", margin=MARGIN,
                         height=340, legend={"orientation": "h", "y": -0.2})
    return fit_titles(figure)


@memo
def article_bars(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars of the most discussed articles."""
    ordered = frame.iloc[::-1]
    figure = go.Figure(go.Bar(
        y=["<br>".join(lines(plain(title, 60), 30)) for title in ordered["title"]],  # two lines, not half the width
        x=ordered["comments"], orientation="h", marker_color="#3b6ea5",
        customdata=points(ordered, ["article_id", "replies"]), hovertemplate="%{y}<br>%{x} comments, %{customdata[1]} replies"
                                                                      "<extra></extra>"))
    figure.update_layout(title="Most discussed articles", xaxis_title="comments", margin={**MARGIN, "l": 10},
                         height=max(260, 30 * len(ordered) + 90), yaxis={"type": "category"})
    return fit_titles(figure)


TOPIC_COUNT_AXIS = "comments weighing ≥ 0.3 on the topic"  # views.filters.TOPIC_MEMBERSHIP (tested equal)


@memo
def topic_bars(frame: pd.DataFrame, title: str = "Topics") -> go.Figure:
    """Horizontal bars of comments per topic (weight ≥ the membership threshold, as the axis says)."""
    ordered = frame.sort_values("comments")
    figure = go.Figure(go.Bar(
        y=[f"{t}: {plain(label)}" for t, label in zip(ordered["topic_id"], ordered["label"])], x=ordered["comments"],
        orientation="h", marker_color="#8e6cb0", customdata=points(ordered, ["topic_id"]),
        hovertemplate="%{y}: %{x} comments<extra></extra>"))
    figure.update_layout(title=title, xaxis_title=TOPIC_COUNT_AXIS, margin={**MARGIN, "l": 10},
                         height=max(260, 30 * len(ordered) + 90))
    return fit_titles(figure)


ARTICLE_NODE = "\x00article"
TREE_LEVELS = 6  # levels of a reply tree drawn at once, the article included (plotly's maxdepth)


@memo
def thread_tree(nodes: pd.DataFrame, title: str, article_title: str = "the article") -> go.Figure:
    """An article's reply tree as an icicle under the article: each comment sized by its subtree,
    coloured by sentiment."""
    top = [parent if isinstance(parent, str) else ARTICLE_NODE for parent in nodes["parent_id"]]
    root_size = int(nodes.loc[[parent == ARTICLE_NODE for parent in top], "subtree"].sum())
    figure = go.Figure(go.Icicle(
        ids=[ARTICLE_NODE, *nodes["comment_id"]], parents=["", *top], values=[root_size, *nodes["subtree"]],
        branchvalues="total", labels=[plain(article_title, 60), *(plain(text, 40) for text in nodes["text"])],
        marker={"colors": [0.0, *nodes["sentiment_score"].fillna(0.0)],
                "colorscale": [[0, "#c0392b"], [0.5, "#ecf0f1"], [1, "#27ae60"]],
                "cmin": -1, "cmax": 1, "colorbar": {"title": "sentiment"}},
        customdata=[["", 0, 0.0, plain(article_title)],
                    *([comment, depth, score, wrapped(text)] for comment, depth, score, text in
                      nodes[["comment_id", "depth", "sentiment_score", "text"]].fillna({"sentiment_score": 0.0})
                      .itertuples(index=False, name=None))],
        hovertemplate="%{customdata[3]}<br>depth %{customdata[1]}, sentiment %{customdata[2]:.2f}"
                      "<br>%{value} comments in this branch<extra></extra>",
        tiling={"orientation": "v"}, maxdepth=TREE_LEVELS))
    figure.update_layout(title=title, margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=520)
    return fit_titles(figure)


FEW = 10  # a share resting on fewer comments than this is drawn faint: it may be chance


def faint(counts: pd.Series) -> list[float]:
    """Opacity per bar or marker: faint where the share rests on fewer than FEW comments."""
    return [0.3 if count < FEW else 1.0 for count in counts]


def depth_ticks(depths: pd.Series, counts: pd.Series) -> dict:
    """Each depth's tick labelled with the number of comments its shares rest on, while they fit
    side by side (up to 8 depths); beyond, plain depths (the n is in every hover)."""
    if len(depths) > 8:
        return {"tickmode": "linear", "dtick": 1, "tickangle": 0}
    return {"tickmode": "array", "tickvals": list(depths), "tickangle": 0,
            "ticktext": [f"{depth}<br>n={count}" for depth, count in zip(depths, counts)]}


@memo
def escalation(frame: pd.DataFrame) -> go.Figure:
    """Per depth: mean sentiment, share attacking, share agreeing and disagreeing with the parent."""
    from plotly.subplots import make_subplots

    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.4, 0.6])
    for row, column, name, colour in ((1, "mean_sentiment", "mean sentiment", "#3b6ea5"),
                                      (2, "attack_share", "share attacking a target", "#c0392b"),
                                      (2, "agree_share", "share agreeing", "#27ae60"),
                                      (2, "disagree_share", "share disagreeing", "#e67e22")):
        shown = "%{y:.2f}" if row == 1 else "%{y:.0%}"
        figure.add_scatter(x=frame["depth"], y=frame[column], name=name, mode="lines+markers", line_color=colour,
                           marker={"opacity": faint(frame["comments"])}, customdata=points(frame, ["comments"]),
                           row=row, col=1,
                           hovertemplate=f"depth %{{x}}: {name} {shown} (%{{customdata[0]}} comments)<extra></extra>")
    figure.update_xaxes(**depth_ticks(frame["depth"], frame["comments"]), row=2, col=1,
                        title_text=f"reply depth (faint: fewer than {FEW} comments at that depth)")
    figure.update_yaxes(title_text="mean sentiment", range=[-1, 1], row=1, col=1)
    figure.update_yaxes(title_text="share of comments", range=[0, 1], tickformat=".0%", row=2, col=1)
    figure.update_layout(title="How threads escalate with depth", margin=MARGIN, height=460,
                         legend={"orientation": "h", "y": -0.3})
    return fit_titles(figure)


@memo
def by_group_lines(frame: pd.DataFrame, x: str, y: str, group: str, title: str, y_title: str) -> go.Figure:
    """One line per group (a target, a topic) of y against x (depth, day)."""
    figure = go.Figure()
    for name, part in frame.groupby(group, sort=False):
        figure.add_scatter(x=part[x], y=part[y], name=plain(name), mode="lines+markers",
                           customdata=[[str(name)]] * len(part),
                           hovertemplate=f"{plain(name)}: %{{y}} at %{{x}}<extra></extra>")
    figure.update_layout(title=title, xaxis_title=x, yaxis_title=y_title, margin=MARGIN, height=360,
                         legend={"orientation": "h", "y": -0.25})
    if x == "depth":
        figure.update_xaxes(dtick=1, tick0=0)  # reply depths are whole numbers
    return fit_titles(figure)


@memo
def co_mention_network(targets: pd.DataFrame, pairs: pd.DataFrame) -> go.Figure:
    """Targets on a circle (sized by mentions, coloured by attack rate), joined when named together."""
    import numpy as np

    names = list(targets["target"])
    angle = np.linspace(0, 2 * np.pi, num=len(names), endpoint=False)
    position = {name: (float(np.cos(a)), float(np.sin(a))) for name, a in zip(names, angle)}
    figure = go.Figure()
    widest = max(pairs["comments"].max(), 1) if not pairs.empty else 1
    for row in pairs.itertuples():
        (x0, y0), (x1, y1) = position[row.source], position[row.target]
        figure.add_scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip", showlegend=False,
                           line={"width": 1 + 7 * row.comments / widest, "color": "rgba(90,110,140,0.45)"})
    sizes = targets["mentions"] / max(targets["mentions"].max(), 1)
    figure.add_scatter(
        x=[position[n][0] for n in names], y=[position[n][1] for n in names], mode="markers+text",
        text=[plain(name, 22) for name in names], cliponaxis=False,  # labels point outward and are never cut
        textposition=[outward(*position[n]) for n in names], showlegend=False,
        customdata=points(targets, ["target", "comments", "attack_rate"]),
        marker={"size": 14 + 30 * sizes, "color": targets["attack_rate"], "cmin": 0, "cmax": 1,
                "colorscale": [[0, "#9bb7d4"], [1, "#c0392b"]],
                "colorbar": {"title": "attack rate", "orientation": "h", "y": -0.08, "thickness": 12}},
        hovertemplate="%{customdata[0]}: %{customdata[1]} comments, attacked in %{customdata[2]:.0%}<extra></extra>")
    figure.update_layout(title="Who is named with whom", xaxis={"visible": False, "range": [-2.4, 2.4]},
                         yaxis={"visible": False, "range": [-1.3, 1.3]}, margin={"l": 10, "r": 10, "t": 50, "b": 10},
                         height=480)
    return fit_titles(figure)


@memo
def topic_map(placed: pd.DataFrame, sizes: pd.DataFrame) -> go.Figure:
    """Topics placed by the similarity of their terms, sized by their comments."""
    merged = placed.merge(sizes[["topic_id", "comments"]], on="topic_id", how="left").fillna({"comments": 0})
    largest = max(merged["comments"].max(), 1)
    labels = [f"{t}: {label}" for t, label in zip(merged["topic_id"], merged["label"])]
    figure = go.Figure(go.Scatter(
        x=merged["x"], y=merged["y"], mode="markers+text", text=[plain(label) for label in labels],
        textposition=inward(merged["x"], merged["y"], [len(label) for label in labels]),
        customdata=points(merged, ["topic_id", "comments"]),
        marker={"size": 18 + 50 * merged["comments"] / largest, "color": "#8e6cb0", "opacity": 0.7},
        hovertemplate="%{text}: %{customdata[1]} comments<extra></extra>"))
    low, high = float(merged["x"].min()), float(merged["x"].max())
    pad = 0.1 * ((high - low) or 1.0)
    figure.update_layout(title="Topic map (near = similar terms; size = comments)",
                         xaxis={"visible": False, "range": [low - pad, high + pad]},
                         yaxis={"visible": False}, margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=440)
    return fit_titles(figure)


@memo
def share_bars(frame: pd.DataFrame, x: str, title: str, labels: dict | None = None) -> go.Figure:
    """Stacked bars of each topic's share per article, day or depth."""
    figure = go.Figure()
    for topic, part in frame.groupby("topic_id", sort=True):
        # labels on two level lines, the legend beside the plot: rotated titles ran under a legend below it
        ticks = ["<br>".join(lines(plain((labels or {}).get(value, value), 36), 18)) for value in part[x]]
        figure.add_bar(x=ticks, y=part["share"], name=f"{topic}: {plain(part['label'].iat[0], 30)}",
                       customdata=[[int(topic), v] for v in part[x]],
                       hovertemplate=f"topic {topic}: %{{y:.0%}}<extra></extra>")
    figure.update_layout(title=title, barmode="stack", yaxis={"tickformat": ".0%"}, margin=MARGIN, height=400,
                         legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1},
                         xaxis={"type": "category", "tickangle": 0})
    return fit_titles(figure)


@memo
def drift_line(frame: pd.DataFrame) -> go.Figure:
    """Mean drift from the article's topics per reply depth."""
    figure = go.Figure(go.Scatter(x=frame["depth"], y=frame["mean_drift"], mode="lines+markers",
                                  customdata=points(frame, ["comments"]), line_color="#8e6cb0",
                                  hovertemplate="depth %{x}: drift %{y:.2f} (%{customdata[0]} comments)<extra></extra>"))
    figure.update_layout(title="Drift from the article's topics (0 = on topic, 1 = elsewhere)",
                         xaxis_title="reply depth", xaxis={"dtick": 1}, yaxis={"range": [0, 1]}, margin=MARGIN, height=340)
    return fit_titles(figure)


@memo
def stance_by_depth(frame: pd.DataFrame) -> go.Figure:
    """Share of each reply stance per depth (depth 0: top-level comments toward the article)."""
    totals = frame.groupby("depth")["comments"].transform("sum")
    shares = frame.assign(share=frame["comments"] / totals, total=totals)
    figure = go.Figure()
    for label, colour in STANCE_COLOURS.items():
        part = shares[shares["stance"] == label]
        if not part.empty:
            figure.add_bar(x=part["depth"], y=part["share"], name=label,
                           marker={"color": colour, "opacity": faint(part["total"])},
                           customdata=[[label, n, total] for n, total in zip(part["comments"], part["total"])],
                           hovertemplate=(f"depth %{{x}}: %{{y:.0%}} {label} (%{{customdata[1]}} of "
                                          "%{customdata[2]} comments)<extra></extra>"))
    per_depth = shares.groupby("depth", as_index=False)["total"].first()
    figure.update_layout(title="Stance toward the parent, by depth", barmode="stack",
                         xaxis_title=f"reply depth (faint: fewer than {FEW} comments with a stance at that depth)",
                         xaxis=depth_ticks(per_depth["depth"], per_depth["total"]),
                         yaxis={"tickformat": ".0%", "title": "share of comments"}, margin=MARGIN, height=380,
                         legend={"orientation": "h", "y": -0.3})
    return fit_titles(figure)


@memo
def target_stance_bars(frame: pd.DataFrame) -> go.Figure:
    """Comments against, neutral and favourable toward each target."""
    figure = go.Figure()
    for label, colour in TARGET_STANCE_COLOURS.items():
        part = frame[frame["stance"] == label]
        if not part.empty:
            figure.add_bar(y=[plain(t) for t in part["target"]], x=part["comments"], name=label, orientation="h",
                           marker_color=colour, customdata=[[label, t] for t in part["target"]],
                           hovertemplate=f"%{{y}}: %{{x}} comments {label}<extra></extra>")
    figure.update_layout(title="Stance toward each target", barmode="stack", xaxis_title="comments",
                         margin={**MARGIN, "l": 10}, height=max(280, 30 * frame["target"].nunique() + 110),
                         legend={"orientation": "h", "y": -0.2})
    return fit_titles(figure)


@memo
def camp_profiles(camps: pd.DataFrame, counted: str = "commenters") -> go.Figure:
    """Each camp's mean stance toward each main target (−1 against … +1 favourable); each camp
    labelled with its number of `counted` (commenters, or the selected comments under filters)."""
    import json

    profiles = [json.loads(profile) for profile in camps["profile"]]
    targets = sorted({target for profile in profiles for target in profile})
    figure = go.Figure(go.Heatmap(
        z=[[profile.get(target, 0) for target in targets] for profile in profiles], x=[plain(t) for t in targets],
        y=[f"Camp {camp + 1} ({n} {counted})" for camp, n in zip(camps["camp_id"], camps[counted])],
        zmin=-1, zmax=1, colorscale=[[0, "#c0392b"], [0.5, "#ecf0f1"], [1, "#27ae60"]],
        customdata=[[[int(camp), target] for target in targets] for camp in camps["camp_id"]],
        hovertemplate="%{y} toward %{x}: %{z:.2f}<extra></extra>", colorbar={"title": "stance"}))
    figure.update_layout(title="Camps: mean stance toward the main targets", margin={**MARGIN, "l": 10},
                         height=max(260, 60 * len(camps) + 140))
    return fit_titles(figure)

"""RumourEval 2017 conversation trees as Palabre threads: the source tweet is the article."""
from __future__ import annotations

import json
from pathlib import Path


def load_threads(folder: Path) -> list[tuple[dict, list[dict]]]:
    """Every thread of traindev__structures.json, comments in pre-order with their parents.

    Replies listed beside the source tweet (rather than under it) are direct replies to it.
    """
    structures = json.loads((folder / "traindev__structures.json").read_text(encoding="utf-8"))
    posts = json.loads((folder / "traindev__posts.json").read_text(encoding="utf-8"))
    threads = []
    for thread_id, tree in structures.items():
        source = posts.get(thread_id, {})
        article = {"id": thread_id, "title": f"Thread {thread_id}", "time": source.get("time", 1.4e9),
                   "body": source.get("text") or f"Source tweet {thread_id}"}
        comments: list[dict] = []
        under_source = tree.get(thread_id)
        _walk(under_source if isinstance(under_source, dict) else {}, None, posts, article["time"], comments)
        _walk({key: value for key, value in tree.items() if key != thread_id}, None, posts, article["time"], comments)
        threads.append((article, comments))
    return threads


def _walk(children: dict, parent: str | None, posts: dict, fallback_time: float, comments: list[dict]) -> None:
    for post_id, grandchildren in children.items():
        post = posts.get(post_id, {})
        comments.append({"id": post_id, "parent": parent, "author": f"user{int(post_id) % 997}",
                         "time": post.get("time", fallback_time),
                         "text": " ".join((post.get("text") or f"[tweet {post_id} not available]").split())})
        if isinstance(grandchildren, dict):
            _walk(grandchildren, post_id, posts, fallback_time, comments)

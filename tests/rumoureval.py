"""RumourEval 2017 conversation trees as Palabre threads: the source tweet is the article."""
from __future__ import annotations

import json
from pathlib import Path


def load_threads(folder: Path) -> list[tuple[dict, list[dict]]]:
    """Every thread of traindev__structures.json, comments in pre-order with their parents."""
    structures = json.loads((folder / "traindev__structures.json").read_text(encoding="utf-8"))
    posts = json.loads((folder / "traindev__posts.json").read_text(encoding="utf-8"))
    threads = []
    for thread_id, tree in structures.items():
        source = posts.get(thread_id, {})
        article = {"id": thread_id, "title": f"Thread {thread_id}", "time": source.get("time", 1.4e9),
                   "body": source.get("text") or f"Source tweet {thread_id}"}
        comments: list[dict] = []

        def walk(children: dict, parent: str | None, fallback_time: float) -> None:
            for post_id, grandchildren in children.items():
                post = posts.get(post_id, {})
                comments.append({"id": post_id, "parent": parent, "author": f"user{int(post_id) % 997}",
                                 "time": post.get("time", fallback_time),
                                 "text": " ".join((post.get("text") or f"[tweet {post_id} not available]").split())})
                if isinstance(grandchildren, dict):
                    walk(grandchildren, post_id, fallback_time)

        root_children = tree.get(thread_id, {})
        walk(root_children if isinstance(root_children, dict) else {}, None, article["time"])
        walk({key: value for key, value in tree.items() if key != thread_id}, None, article["time"])
        threads.append((article, comments))
    return threads

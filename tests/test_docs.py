"""The documentation (README.md and docs/*.md) documents every command, option, format and mappable
field (fails when one is added without its documentation); the README stays short; every relative
link and every `analytics/...` path the documentation names exists."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from analytics.cli.main import build_parser
from analytics.load import FORMATS
from analytics.load.tabular import FIELDS, RECOGNISED
from tests.conftest import ROOT

README_PATH = ROOT / "README.md"
PAGES = [README_PATH, *sorted((ROOT / "docs").glob("*.md"))]
TEXTS = {page: page.read_text(encoding="utf-8") for page in PAGES}
DOCS = "\n".join(TEXTS.values())
README_MAX_LINES = 300

FENCE = re.compile(r"^```.*?^```", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
MODULE_PATH = re.compile(r"\banalytics/[\w./-]*")


def _relative(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _links(text: str) -> list[str]:
    """The targets of the markdown links of a page, code left out."""
    prose = INLINE_CODE.sub("", FENCE.sub("", text))
    return LINK.findall(prose)


def _is_relative(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) and not target.startswith("//")


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(text: str) -> set[str]:
    return {_anchor(heading) for heading in HEADING.findall(FENCE.sub("", text))}


def test_every_command_and_option_is_documented():
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    missing = []
    for name, subparser in commands.choices.items():
        if f"`{name}" not in DOCS:
            missing.append(name)
        for action in subparser._actions:
            missing += [option for option in action.option_strings if option != "-h" and option != "--help"
                        and option not in DOCS]
    assert missing == []


def test_every_format_and_field_is_documented():
    assert [f for f in FORMATS if f"`{f}`" not in DOCS] == []
    assert [f for f in FIELDS if f"`{f}`" not in DOCS] == []
    assert [name for names in RECOGNISED.values() for name in names if name not in DOCS] == []


def test_the_readme_is_at_most_300_lines():
    lines = len(TEXTS[README_PATH].splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move detail into docs/"


def test_every_relative_link_points_at_a_file_that_exists():
    broken = []
    for page, text in TEXTS.items():
        for target in _links(text):
            path = target.split("#", 1)[0]
            if _is_relative(target) and path and not (page.parent / path).exists():
                broken.append(f"{_relative(page)}: {target}")
    assert broken == []


def test_every_link_to_a_heading_finds_it():
    broken = []
    for page, text in TEXTS.items():
        for target in _links(text):
            if not _is_relative(target) or "#" not in target:
                continue
            path, anchor = target.split("#", 1)
            linked = (page.parent / path).resolve() if path else page
            if linked.suffix == ".md" and linked.exists() and anchor not in _anchors(linked.read_text(encoding="utf-8")):
                broken.append(f"{_relative(page)}: {target}")
    assert broken == []


def test_the_readme_links_to_every_docs_page():
    readme_links = {target.split("#", 1)[0] for target in _links(TEXTS[README_PATH])}
    assert [_relative(page) for page in PAGES[1:] if _relative(page) not in readme_links] == []


def test_every_analytics_path_named_in_the_docs_exists():
    missing = set()
    for page, text in TEXTS.items():
        for found in MODULE_PATH.findall(text):
            path = found.rstrip(".,;:")
            if not (ROOT / path).exists():
                missing.add(f"{_relative(page)}: {path}")
    assert sorted(missing) == []

"""The README documents every command, option, format and mappable field (fails when one is added
without its documentation)."""
from __future__ import annotations

import argparse

from analytics.cli import build_parser
from analytics.load import FORMATS
from analytics.load.tabular import FIELDS, RECOGNISED
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme():
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    missing = []
    for name, subparser in commands.choices.items():
        if f"`{name}" not in README:
            missing.append(name)
        for action in subparser._actions:
            missing += [option for option in action.option_strings if option != "-h" and option != "--help"
                        and option not in README]
    assert missing == []


def test_every_format_and_field_is_in_the_readme():
    assert [f for f in FORMATS if f"`{f}`" not in README] == []
    assert [f for f in FIELDS if f"`{f}`" not in README] == []
    assert [name for names in RECOGNISED.values() for name in names if name not in README] == []

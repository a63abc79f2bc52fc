"""House rules that keep the flow one-way."""
from __future__ import annotations

import re

from tests.conftest import ROOT


def test_only_the_dashboard_package_imports_streamlit():
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "analytics").rglob("*.py")
                 if "dashboard" not in path.relative_to(ROOT / "analytics").parts
                 and re.search(r"^\s*(import streamlit|from streamlit)", path.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_only_the_store_writes_to_the_database():
    writers = [str(path.relative_to(ROOT)) for path in (ROOT / "analytics").rglob("*.py")
               if "store" not in path.relative_to(ROOT / "analytics").parts
               and re.search(r"\b(INSERT|DELETE|UPDATE|CREATE TABLE)\b", path.read_text(encoding="utf-8"))]
    assert writers == []

"""House rules that keep the flow one-way, checked on the import graph and the syntax trees of
`analytics/` (not by grepping for words)."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "analytics"
# Each package may import its own layer and the layers below it, never one above: data flows
# load → corpus → enrich → store → views → dashboard/CLI.
LAYERS = {
    "errors": 0, "paths": 0, "modes": 0, "files": 0, "data_files": 0, "__init__": 0, "__main__": 7,
    "corpus": 1, "text": 1,
    "load": 2, "datasets": 2,
    "enrich": 3,
    "store": 4,
    "pipeline": 5, "views": 5,
    "evaluation": 6,
    "cli": 7, "dashboard": 7,
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "COPY")


@cache
def modules() -> dict[str, ast.Module]:
    """Every module of the package by dotted name, parsed."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return found


def imports(tree: ast.Module) -> list[tuple[str, list[str], int]]:
    """(module, names, line) of every import in a module, wherever it sits (lazy imports count)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def layer_of(module: str) -> int:
    return LAYERS[module.split(".")[1]] if "." in module else 0


def test_every_package_has_a_layer():
    assert {name.split(".")[1] for name in modules() if "." in name} - set(LAYERS) == set()


def test_imports_only_flow_downstream():
    upstream = [f"{name}:{line} imports {target}"
                for name, tree in modules().items() for target, _, line in imports(tree)
                if target.startswith("analytics.") and layer_of(target) > layer_of(name)]
    assert upstream == []


def test_only_the_dashboard_package_imports_streamlit():
    offenders = [f"{name}:{line}" for name, tree in modules().items() for target, _, line in imports(tree)
                 if target.split(".")[0] == "streamlit" and not name.startswith("analytics.dashboard")]
    assert offenders == []


def test_no_private_name_is_imported_from_another_module():
    offenders = [f"{name}:{line} imports {target}.{imported}"
                 for name, tree in modules().items() for target, names, line in imports(tree)
                 for imported in names if imported.startswith("_") and not imported.startswith("__")
                 and target.startswith("analytics")]
    assert offenders == []


def _queries(tree: ast.Module) -> list[tuple[str, int]]:
    """(SQL text, line) of every literal passed to a DuckDB execute/executemany/sql call."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "executemany", "sql") and node.args):
            text = " ".join(part.value for part in ast.walk(node.args[0])
                            if isinstance(part, ast.Constant) and isinstance(part.value, str))
            found.append((text, node.lineno))
    return found


def test_sql_lives_only_in_the_store_and_the_views():
    outside = [f"{name}:{line}" for name, tree in modules().items()
               if not name.startswith(("analytics.store", "analytics.views"))
               for _, line in _queries(tree)]
    assert outside == []


def test_only_the_store_writes_to_the_database():
    writers = [f"{name}:{line}" for name, tree in modules().items()
               if not name.startswith("analytics.store") or name == "analytics.store.reads"
               for text, line in _queries(tree)
               if any(word in text.upper().split() for word in WRITE_WORDS)
               and "TEMP" not in text.upper().split()]
    assert writers == []


def test_the_pipeline_reads_the_store_through_store_reads_only():
    offenders = [f"{name}:{line} imports {target}" for name, tree in modules().items()
                 if name.startswith("analytics.pipeline") for target, _, line in imports(tree)
                 if target.startswith("analytics.views")]
    assert offenders == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(ROOT)))
def test_modules_and_functions_stay_small(path: Path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)" for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []

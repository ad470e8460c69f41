"""The layers keep to their jobs: read every import of src/ and check who imports whom.

`docs/architecture.md` draws the same rules; a wrong import fails here, naming the
module and what it imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "ospo_notes"
MAX_LINES = 400

# Each package (or top-level module) and the packages of ours it may import, lowest
# first: nothing imports a package above it. docs/architecture.md draws the same graph.
BASE = {"errors", "terminal_text", "__init__"}  # the exception types, visible text, the version
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "terminal_text": set(),
    "notes": {"errors"},
    "vocabulary": {"errors", "notes"},
    "schedule": {"errors", "notes"},
    "summary": {"notes", "schedule", "vocabulary"},
    "export": {"errors", "notes", "schedule", "summary", "vocabulary"},
    "store": BASE | {"notes", "schedule", "vocabulary"},
    "index": BASE | {"notes", "vocabulary", "store"},
    "team": BASE | {"notes", "vocabulary", "schedule", "store"},
    "check": BASE | {"notes", "schedule", "store", "index", "team"},
    "capture": BASE | {"notes", "schedule", "store"},
    "render": BASE | {"notes", "schedule", "summary", "vocabulary"},
    "cli": BASE
    | {"notes", "vocabulary", "schedule", "summary", "export", "store", "index"}
    | {"team", "check", "capture", "render"},
    "launch": BASE | {"notes", "store", "capture", "cli"},
    "__main__": {"launch"},
    "__init__": set(),
}
ONLY = {  # third-party package -> the only places that may import it
    "rich": ("render",),
    "typer": ("cli",),
    "click": ("cli",),
}


def modules() -> dict[str, set[str]]:
    """Each module's dotted name (under ospo_notes) and the absolute names it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        name = name.removesuffix(".__init__").removesuffix("__init__") or "__init__"
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module)
                imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[name] = imported
    return found


def ours(imported: str) -> str | None:
    """`ospo_notes.notes.codec` -> `notes`; `ospo_notes.__version__` -> `__init__`."""
    parts = imported.split(".")
    if parts[0] != "ospo_notes":
        return None
    return "__init__" if len(parts) == 1 or parts[1] == "__version__" else parts[1]


def layer(module: str) -> str:
    return module.split(".", maxsplit=1)[0]


def crossings(found: dict[str, set[str]]) -> list[str]:
    """`module imports name` for each import of ours its layer may not make."""
    return [
        f"{module} imports {imported}"
        for module, imports in found.items()
        for imported in sorted(imports)
        if (to := ours(imported)) is not None
        and to != layer(module)
        and to not in MAY_IMPORT[layer(module)]
    ]


def test_every_package_has_its_place_in_the_graph() -> None:
    """A new package must be given its place (and so its rules) before it lands."""
    assert {layer(module) for module in modules()} <= set(MAY_IMPORT)


def test_no_layer_imports_one_it_must_not() -> None:
    assert crossings(modules()) == []


@pytest.mark.parametrize("library", sorted(ONLY))
def test_a_library_is_imported_only_where_it_belongs(library: str) -> None:
    wrong = [
        f"{module} imports {imported}"
        for module, imports in modules().items()
        for imported in sorted(imports)
        if imported.split(".")[0] == library and layer(module) not in ONLY[library]
    ]
    assert wrong == []


def test_the_rules_see_a_wrong_import() -> None:
    """The scan itself works: an upward import, or a sideways one, is caught."""
    found = {
        "store.example": {"ospo_notes.render.base", "os", "ospo_notes.notes.model"},
        "export.example": {"ospo_notes.store", "ospo_notes.summary.day"},
        **modules(),
    }
    assert crossings(found) == [
        "store.example imports ospo_notes.render.base",
        "export.example imports ospo_notes.store",
    ]
    assert "store.notes_store" in found


def test_no_module_is_longer_than_a_newcomer_reads_at_once() -> None:
    long = {
        str(path.relative_to(SRC)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}

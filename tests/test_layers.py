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

# package (or top-level module) -> packages of ours it must never import
NEVER = {
    "model": {"store", "export", "render", "summary", "cli", "schedule", "capture"},
    "store": {"export", "render", "summary", "overview", "cli"},
    "schedule": {"store", "export", "render", "cli"},
    "export": {"store", "render", "cli"},
    "render": {"store", "export", "cli"},
    "summary": {"store", "export", "render", "cli"},
}
# Imports that cross a line today, each with the reason and where it goes next. The
# redesign of issue 13 moves the pure day-file codec out of `store/`, and this empties.
KNOWN = {
    # the JSON import builds days with the same rules as the day files: the pure codec
    ("export.json_export", "ospo_notes.store.codec"),
    ("export.json_export", "ospo_notes.store.codec.day_from_document"),
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
    """`ospo_notes.store.codec` -> `store`; None for what is not ours."""
    parts = imported.split(".")
    return parts[1] if parts[0] == "ospo_notes" and len(parts) > 1 else None


def layer(module: str) -> str:
    return module.split(".", maxsplit=1)[0]


def crossings(found: dict[str, set[str]]) -> list[str]:
    """`module imports name` for each import a layer must not make (known ones aside)."""
    return [
        f"{module} imports {imported}"
        for module, imports in found.items()
        for imported in sorted(imports)
        if ours(imported) in NEVER.get(layer(module), set()) and (module, imported) not in KNOWN
    ]


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
    """The scan itself works: a store module importing render would be caught."""
    found = {"store.example": {"ospo_notes.render.base", "os"}, **modules()}
    assert crossings(found) == ["store.example imports ospo_notes.render.base"]
    assert "store.notes_store" in found


def test_no_module_is_longer_than_a_newcomer_reads_at_once() -> None:
    long = {
        str(path.relative_to(SRC)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}

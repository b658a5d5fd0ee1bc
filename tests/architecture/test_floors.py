"""The floors of the house: an app imports only the floors below it (README, Architecture).

Every import statement is read, function-local ones included, so a floor cannot be climbed
by hiding an import inside a function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. Apps on one floor do not import each other either.
FLOORS = [
    ["bass"],
    ["roles"],
    # The generic apps of DESIGN.md's one floor; discussion hands its events to
    # notifications through bass.signals.people_concerned.
    ["notifications", "discussion"],
    ["specialties"],
    ["sustainability", "plans", "clusters"],
    ["improvement"],
    ["programme", "api"],
]
FLOOR_OF = {app: level for level, apps in enumerate(FLOORS) for app in apps}


def imported_apps(path: Path) -> set[tuple[str, int]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FLOOR_OF:
                found.add((top, node.lineno))
    return found


def violations() -> list[str]:
    problems = []
    for app, level in FLOOR_OF.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            for target, line in imported_apps(path):
                climbs = FLOOR_OF[target] > level
                sideways = FLOOR_OF[target] == level and target != app
                if climbs or sideways:
                    where = path.relative_to(ROOT)
                    problems.append(f"{where}:{line} imports {target} ({app} may not)")
    return problems


def test_every_app_is_on_a_floor():
    apps_with_models = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps_with_models == set(FLOOR_OF)


def test_no_import_runs_up_a_floor():
    assert violations() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from improvement.models import Measure\n", {("improvement", 1)}),
        ("def f():\n    import programme.dashboard\n", {("programme", 2)}),
        ("from . import models\nimport json\n", set()),
    ],
)
def test_the_scanner_sees_imports(tmp_path, source, expected):
    module = tmp_path / "m.py"
    module.write_text(source)
    assert imported_apps(module) == expected

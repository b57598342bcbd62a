"""The structure docs/architecture.md promises: no import cycles between the app's
top-level modules and packages, and no module near unreadable length."""

from tests.architecture.imports import ROOT, cycles, unit_graph

LONGEST_MODULE = 400


def test_no_import_cycles_between_the_apps_modules_and_packages():
    assert cycles(unit_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_over_400_lines_outside_migrations():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert long == {}

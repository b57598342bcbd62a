"""The structure docs/architecture.md promises: no import cycles between the app's
top-level modules and packages, and no module near unreadable length."""

from tests.architecture.imports import ROOT, cycles, unit_graph

LONGEST_MODULE = 400
PROJECT = ROOT.parent
PROJECT_FOLDERS = ("tracker", "tests", "benchmarks", "intake_corpus")


def test_no_import_cycles_between_the_apps_modules_and_packages():
    assert cycles(unit_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_over_400_lines_outside_migrations():
    """The app, its tests, benchmarks and tools alike."""
    long = {
        str(path.relative_to(PROJECT)): lines
        for folder in PROJECT_FOLDERS
        for path in (PROJECT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert long == {}


def test_the_length_check_sees_every_folder_of_python():
    folders_of_python = {
        child.name
        for child in PROJECT.iterdir()
        if child.is_dir() and not child.name.startswith(".") and any(child.rglob("*.py"))
    }
    assert folders_of_python == set(PROJECT_FOLDERS)

"""An editor who saves while an import holds SQLite's write lock loses nothing."""

import json
import subprocess
import sys

import pytest

from tests.ops.conftest import REPO, production_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seen(tmp_path_factory) -> dict[str, dict]:
    database = tmp_path_factory.mktemp("busy") / "db.sqlite3"
    env = production_env(
        DEBUG="true", ALLOWED_HOSTS="testserver", DATABASE_URL=f"sqlite:///{database}"
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.curation.sqlite_busy_editors"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {line["scenario"]: line for line in lines}


def test_a_save_during_an_import_waits_for_it_and_succeeds(seen):
    waits = seen["waits"]
    assert waits["opened_status"] == 200
    assert waits["opened_seconds"] < 2  # opening a form does not wait for the import
    assert waits["status"] == 302
    assert waits["seconds"] >= 5  # it waited for the import's transaction
    assert waits["stored_text"] == "Changed by the editor (waits)."
    assert (waits["import_status"], waits["imported"]) == (302, 50)


def test_a_save_that_cannot_wait_is_shown_again_to_retry_with_nothing_lost(seen):
    retries = seen["retries"]
    assert retries["opened_status"] == 200
    assert retries["status"] == 503 and retries["retry_after"]
    assert retries["told_to_retry"] and retries["form_kept_text"]
    assert retries["stored_text"] == "Before."  # nothing half-saved
    assert (retries["import_status"], retries["imported"]) == (302, 50)
    assert retries["again_status"] == 302
    assert retries["stored_text_after_again"] == "Changed by the editor (retries)."

"""The load test's verdict and record (benchmarks/load_test.py): problems in gunicorn's
log, responses by status, and the section of RESULTS.md that a run with --record rewrites."""

import os
import platform
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Load test (issue 7)"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = Path("/proc/meminfo").read_text().split()[1]
        memory = f", {int(total) / 1024 / 1024:.1f} GiB RAM"
    except (OSError, IndexError, ValueError):
        pass
    return f"{os.cpu_count()} CPUs ({cpu}){memory}, {platform.system()} {platform.release()}"


def server_problems(log_text: str) -> list[str]:
    problems = []
    for line in log_text.splitlines():
        if re.search(r'" 5\d\d ', line) or "Traceback" in line or "WORKER TIMEOUT" in line:
            problems.append(line)
    return problems


def access_statuses(log_text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in re.finditer(r'HTTP/1\.[01]" (\d{3}) ', log_text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return counts


def report(result: dict) -> str:
    s = result
    errors = s["errors"]
    return "\n".join(
        [
            SECTION,
            "",
            f"`benchmarks/load_test.py` ({s['date']}): {s['clients']} concurrent clients "
            f"(wrk, {s['threads']} threads) for {s['duration']} s against gunicorn "
            f"on loopback, production settings (DEBUG off, collectstatic done), "
            f"{s['workers']} sync workers (gunicorn.conf.py's default, 2 × CPUs + 1; a sync "
            f"worker closes each connection after its response, so wrk reconnects), "
            f"{s['database']}, the seed data. "
            "Run in CI by `.ci/run`, which fails on any error.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| requests | {s['requests']:,} in {s['seconds']:.1f} s |",
            f"| throughput | {s['rps']:.1f} requests/s ({s['mb_per_s']:.2f} MB/s) |",
            f"| latency p50 / p95 / p99 | {s['p50']:.0f} / {s['p95']:.0f} / {s['p99']:.0f} ms |",
            f"| latency mean / max | {s['mean']:.0f} / {s['max']:.0f} ms |",
            f"| errors | {s['error_total']} (connect {errors['connect']}, read {errors['read']}, "
            f"write {errors['write']}, timeout {errors['timeout']} (> {s['timeout']} s), "
            f"status other than 200: {errors['status']}) |",
            f"| responses by status (gunicorn's log) | {s['statuses']} |",
            f"| machine | {s['machine']} |",
            f"| load average (1 min) before / after | {s['load_before']:.2f} / "
            f"{s['load_after']:.2f} |",
            "",
            "The mix, in turn on every connection: "
            + ", ".join(
                f"`{item['path']}`" + (" (htmx fragment)" if item["headers"] else "")
                for item in s["mix"]
            )
            + ".",
            "",
            "The machine is shared (other test suites were running: see the load average "
            "before the run), so the latencies are an upper bound rather than what a "
            "dedicated server gives; the test's point is zero errors under 50 clients.",
            "",
        ]
    )


def record(text: str) -> None:
    """Replace this section of RESULTS.md (or append it); leave the rest untouched."""
    if not RESULTS.exists():
        RESULTS.write_text(text)
        return
    current = RESULTS.read_text()
    if SECTION in current:
        start = current.index(SECTION)
        following = current.find("\n## ", start + len(SECTION))
        end = len(current) if following == -1 else following + 1
        current = current[:start] + text + ("\n" if following != -1 else "") + current[end:]
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current)

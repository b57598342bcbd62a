"""The benchmark's figures as Markdown, written between the markers of benchmarks/RESULTS.md
(the hand-written sections around them are kept)."""

import itertools
import time
from pathlib import Path

FIGURES_START, FIGURES_END = "<!-- figures:start -->", "<!-- figures:end -->"
# Issue 18's targets, built afresh at 100,000 commitments.
TARGET_SIZE, TARGET_RATIO, TARGET_P95_MS, TARGET_QUERIES = 100_000, 0.10, 25.0, 10
# How much slower a page may be built at the larger size than at the smaller (p50).
TARGET_GROWTH = {(1_000, 100_000): 1.5, (100_000, 1_000_000): 2.0}
TARGET_CSV_ROWS_PER_S, TARGET_FIRST_LOAD = 50_000, 60 * 1024


def _latency(r: dict) -> tuple[str, str]:
    if not r["requests"]:
        return "> 5000", "> 5000 (no request finished)"
    return f"{r['p50']:.1f}", f"{r['p95']:.1f}"


def _size_table(run: dict) -> list[str]:
    loaded = (
        f"Synthetic set loaded in {run['loaded_s']:.0f} s."
        if run["loaded_s"] is not None
        else "Synthetic set loaded beforehand (`--database`)."
    )
    lines = [
        f"### {run['size']:,} commitments",
        "",
        f"{loaded} Load average during: {run['load_before']} → {run['load_after']}.",
        "",
        "| page | address (single requests) | load: p50 ms | p95 ms | req/s | × baseline "
        "| distinct addresses | single: p50 ms | p95 ms | after an edit: ms | queries "
        "| after an edit | bytes |",
        "| --- | --- |" + " ---: |" * 11,
    ]
    for name, r in run["pages"].items():
        p50, p95 = _latency(r)
        repeats = f" ({r['repeated']} repeats)" if r["repeated"] else ""
        lines.append(
            f"| {name} | `{r['address']}` | {p50} | {p95} | {r['rps']:.0f} | {r['ratio']:.3f} | "
            f"{r['distinct']:,}{repeats} | {r['build_ms']:.1f} | {r['build_p95_ms']:.1f} | "
            f"{r.get('after_edit_ms', float('nan')):.1f} | "
            f"{r['queries']} | {r['queries_after_edit']} | {r['bytes']:,} |"
        )
    lines.append("")
    if run["cached"]:
        lines += [
            "With the page cache on, one address per page type (served from each worker's "
            "memory after its first build):",
            "",
            "| page | p50 ms | p95 ms | req/s | × baseline |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, r in run["cached"].items():
            p50, p95 = _latency(r)
            lines.append(f"| {name} | {p50} | {p95} | {r['rps']:.0f} | {r['ratio']:.2f} |")
        lines.append("")
    for path, sizes in run["first_load"].items():
        parts = ", ".join(
            f"{k} {v:,} B" for k, v in sizes.items() if k not in ("total", "html_raw")
        )
        verdict = "under" if sizes["total"] < TARGET_FIRST_LOAD else "OVER"
        lines.append(
            f"First load of `{path}`: {sizes['total']:,} B compressed ({parts}; HTML "
            f"{sizes['html_raw']:,} B uncompressed), {verdict} 60 KB."
        )
    if rate := run.get("csv_rate"):
        rows_per_s = rate["rows"] / rate["s"]
        verdict = "met" if rows_per_s >= TARGET_CSV_ROWS_PER_S else "NOT met"
        lines.append(
            f"CSV of every published commitment (`{rate['path']}`, from gunicorn, the median "
            f"of 3 downloads): {rate['rows']:,} rows, {rate['bytes']:,} B in {rate['s']:.2f} s, "
            f"**{rows_per_s:,.0f} rows/s** (≥ {TARGET_CSV_ROWS_PER_S:,}: {verdict})."
        )
    for export in run.get("exports", []):
        came = "" if export["whole"] else " **cut short**"
        rows = f"{export['rows']:,} rows" if export["rows"] is not None else "rows unknown"
        rate = f", {export['rows'] / export['s']:,.0f} rows/s" if export["rows"] else ""
        lines.append(
            f"`{export['path']}` from gunicorn: {rows}, {export['bytes']:,} B in "
            f"{export['s']:.2f} s{rate}{came}."
        )
    lines.append("")
    return lines


def _targets(run: dict) -> list[str]:
    lines = [
        f"### Targets at {run['size']:,} commitments (built afresh)",
        "",
        "| page | × baseline (≥ 0.10) | single p95 ms (< 25) | queries, steady / after an edit "
        "(≤ 10) | met |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, r in run["pages"].items():
        if name.startswith("baseline"):
            continue
        met = (
            r["ratio"] >= TARGET_RATIO
            and r["build_p95_ms"] < TARGET_P95_MS
            and max(r["queries"], r["queries_after_edit"]) <= TARGET_QUERIES
        )
        lines.append(
            f"| {name} | {r['ratio']:.3f} | {r['build_p95_ms']:.1f} | "
            f"{r['queries']} / {r['queries_after_edit']} | {'yes' if met else 'no'} |"
        )
    lines.append("")
    return lines


def _growth(small: dict, large: dict) -> list[str]:
    """How much slower each page is built at ``large``'s size than at ``small``'s, the two
    sets' builds interleaved (benchmarks/growth.py: ``large["growth"]``)."""
    target = TARGET_GROWTH.get((small["size"], large["size"]))
    bound = f" (≤ {target})" if target else ""
    lines = [
        f"### Growth from {small['size']:,} to {large['size']:,} commitments (built afresh,"
        " the two sets' builds interleaved)",
        "",
        f"| page | {small['size']:,}: p50 ms (CPU) | {large['size']:,}: p50 ms (CPU)"
        f" | × wall{bound} | × CPU | rows shown | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, (at_small, at_large) in large["growth"].items():
        if name.startswith("baseline"):
            continue
        wall = at_large["p50"] / max(at_small["p50"], 0.001)
        cpu = at_large["cpu"] / max(at_small["cpu"], 0.001)
        met = "–" if target is None else ("yes" if wall <= target else "no")
        lines.append(
            f"| {name} | {at_small['p50']:.1f} ({at_small['cpu']:.1f})"
            f" | {at_large['p50']:.1f} ({at_large['cpu']:.1f}) | {wall:.2f} | {cpu:.2f}"
            f" | {at_small['rows']} / {at_large['rows']} | {met} |"
        )
    lines.append("")
    return lines


def figures(info: dict, runs: list[dict], args) -> str:
    lines = [
        FIGURES_START,
        f"## Figures of one run ({time.strftime('%Y-%m-%d %H:%M %Z')})",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory, "
        f"PostgreSQL {info['postgresql']}, Python {info['python']}; shared with other work. "
        f"Load average before the run: {info['load_start']} (1, 5, 15 min). Remembered values "
        f"(drop-down choices, counts, summaries): {info['cache']}.",
        "",
        f"**Load**: wrk, {args.threads} thread(s), {args.connections} connections, "
        f"{args.duration} s per page type after a 2 s warm-up, against gunicorn "
        "(gunicorn.conf.py: sync workers, 2 × CPUs + 1, no recycling; DEBUG off, production "
        "settings) with the page cache **off** (`PAGE_CACHE_TIMEOUT=0`): every page built "
        "afresh, each request a different address of its page type (benchmarks/distinct.lua; "
        "pages without parameters get an ignored `?n=`), the minimal view (baseline) in the "
        "same run. **Single**: the page's one address built afresh one request after another "
        f"through Django's test client ({args.builds} builds, p50 and p95), its SQL queries in "
        "steady state (drop-down choices and counts remembered) and right after an edit "
        f"(nothing remembered: the median of {info['cold_builds']} builds, each after emptying the "
        "cache, and its queries). Bytes: the response body, uncompressed. The statement timeout is "
        "60 s (production: 1 s), so a slow page shows its time rather than a 503.",
        "",
    ]
    for run in runs:
        lines += _size_table(run)
    for run in runs:
        if run["size"] == TARGET_SIZE:
            lines += _targets(run)
    for small, large in itertools.pairwise(runs):
        if large.get("growth"):
            lines += _growth(small, large)
    lines.append(FIGURES_END)
    return "\n".join(lines)


def write(results: Path, figures: str) -> None:
    text = results.read_text() if results.exists() else "# Benchmark results\n\n"
    if FIGURES_START in text and FIGURES_END in text:
        before, rest = text.split(FIGURES_START, 1)
        text = before + figures + rest.split(FIGURES_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + figures + "\n"
    results.write_text(text)

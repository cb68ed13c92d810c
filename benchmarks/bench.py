"""make bench: build times, page weight and chart render time; writes benchmarks/results.md.

Each timing is the median of 3 runs (min and max beside it).  The builds run
through make, so they measure what a reader's `make book` does.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import platform
import re
import shutil
import statistics
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
RUNS = 3
EDITED = ROOT / "chapters" / "06_conclusion.md"


def run(cmd: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{cmd} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return took, proc.stdout + proc.stderr


def executed(log: str) -> int:
    """Notebooks that myst-nb executed during a build (cache hits do not count)."""
    return len(re.findall(r"Executing notebook using", log))


def stats(values):
    return statistics.median(values), min(values), max(values)


def builds():
    rows = []
    cold, cold_exec = [], []
    for _ in range(RUNS):
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        t, log = run("make html")
        cold.append(t)
        cold_exec.append(executed(log))
    rows.append(("Cold HTML build (environment present, no _build)", stats(cold), f"{max(cold_exec)} notebooks executed"))
    noop, noop_exec = [], []
    for _ in range(RUNS):
        t, log = run("make html")
        noop.append(t)
        noop_exec.append(executed(log) + log.count("jupyter-book build"))
    rows.append(("No-op rebuild (make html, nothing changed)", stats(noop),
                 f"{max(noop_exec)} builds or executions started"))
    edit, edit_exec = [], []
    original = EDITED.read_text(encoding="utf-8")
    try:
        for i in range(RUNS):
            EDITED.write_text(original + f"\n<!-- bench edit {i} -->\n", encoding="utf-8")
            t, log = run("make html")
            edit.append(t)
            edit_exec.append(executed(log))
    finally:
        EDITED.write_text(original, encoding="utf-8")
        run("make html")
    rows.append((f"Rebuild after editing the prose of {EDITED.name}", stats(edit),
                 f"{max(edit_exec)} notebooks executed"))
    pdf = []
    for _ in range(RUNS):
        shutil.rmtree(ROOT / "_build" / "latex", ignore_errors=True)
        t, _ = run("make pdf")
        pdf.append(t)
    rows.append(("PDF build (HTML and execution cache present)", stats(pdf), ""))
    t, log = run("make book")
    rows.append(("No-op `make book` (HTML and PDF up to date)", (t, t, t),
                 "LaTeX not rerun" if "latexmk" not in log and "jupyter-book" not in log else "REBUILT"))
    return rows


def page_bytes(page: Path) -> tuple[int, int]:
    """Raw and gzip bytes of a page with the local CSS and JavaScript it loads."""
    html = page.read_bytes()
    raw, gz = len(html), len(gzip.compress(html, 9))
    for ref in set(re.findall(rb'(?:src|href)="([^"?#]+\.(?:js|css))', html)):
        asset = (page.parent / ref.decode()).resolve()
        if asset.exists() and HTML in asset.parents:
            data = asset.read_bytes()
            raw += len(data)
            gz += len(gzip.compress(data, 9))
    return raw, gz


def page_weights():
    return [(page.stem, *page_bytes(page)) for page in sorted((HTML / "chapters").glob("*.html"))]


def render_times():
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(HTML)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    out = {}
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--no-first-run"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=flags)
        for page_path in sorted((HTML / "chapters").glob("*.html")):
            times = []
            for _ in range(RUNS):
                ctx = browser.new_context(viewport={"width": 1280, "height": 800})
                page = ctx.new_page()
                page.goto(f"{base}/chapters/{page_path.name}", wait_until="commit")
                page.wait_for_load_state("domcontentloaded")
                n = page.locator("div.companion-chart").count()
                if n:
                    page.wait_for_function("() => [...document.querySelectorAll('div.companion-chart')]"
                                           ".every(d => d.querySelector('svg'))", polling=10, timeout=30000)
                    times.append(page.evaluate("performance.now()") / 1000)
                ctx.close()
            out[page_path.stem] = (n, stats(times) if times else None)
        browser.close()
    httpd.shutdown()
    return out


def main():
    build_rows = builds()
    weights = page_weights()
    renders = render_times()
    cold = build_rows[0][1][0]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"{platform.machine()}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, "
        f"Python {platform.python_version()}. Each timing: median of {RUNS} runs (min–max).",
        "",
        "## Builds",
        "",
        "| what | median s | min s | max s | share of cold | note |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, (med, lo, hi), note in build_rows:
        lines.append(f"| {name} | {med:.1f} | {lo:.1f} | {hi:.1f} | {100 * med / cold:.0f}% | {note} |")
    lines += ["", "## Chapter pages", "",
              "Bytes of the page with the CSS and JavaScript it loads (local files only; nothing else is loaded). "
              "Render: seconds from navigation until the page's last chart is drawn in Chromium.", "",
              "| page | charts | raw KB | gzip KB | last chart drawn, median s (min–max) |", "|---|---:|---:|---:|---|"]
    for stem, raw, gz in weights:
        n, t = renders.get(stem, (0, None))
        when = f"{t[0]:.2f} ({t[1]:.2f}–{t[2]:.2f})" if t else "no chart"
        lines.append(f"| {stem} | {n} | {raw / 1000:.0f} | {gz / 1000:.0f} | {when} |")
    heaviest = max(weights, key=lambda w: w[2])
    slowest = max((t[0] for _, t in renders.values() if t), default=0)
    lines += ["", "## Against the targets", "",
              f"- No-op rebuild ≤ 20% of a cold build, executing no notebook: {100 * build_rows[1][1][0] / cold:.0f}% "
              f"({build_rows[1][2]}).",
              f"- Heaviest chapter page ≤ 500 KB gzip including its scripts: {heaviest[0]}, {heaviest[2] / 1000:.0f} KB.",
              f"- Last chart drawn ≤ 1 s after navigation: slowest median {slowest:.2f} s.", ""]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

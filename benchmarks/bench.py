"""make bench: build times, the two environments, how every built page loads; writes benchmarks/results.md.

- Builds: each timing is the median of 3 runs (min and max beside it), run
  through make, so they measure what a reader's `make book` does.
- Pages: Lighthouse (npm, pinned in package.json) on every built HTML page,
  mobile emulation with its simulated slow 4G, served gzip-compressed from
  127.0.0.1 as a static host would.  Page weight is every byte transferred
  before any interaction (HTML, CSS, JS, fonts, images, headers included).
- Charts: seconds from the first hover on a chart until its live (vega) view
  shows a tooltip (focus and tap checked too); failures are reported.

`bench.py --pages-only` skips the builds and measures the book already in _build/html (the builds,
environments and reproduction of the previous results are kept); `--environments-only` measures the
environments alone (environments.py), `reproduce_time.py` make reproduce alone; `--html DIR --output
FILE` measures another built site (e.g. of an older commit) the same way.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
RESULTS = ROOT / "benchmarks" / "results.md"
REPORTS = ROOT / "benchmarks" / "runs"          # Lighthouse's JSON reports (git-ignored)
RUNS = 3
EDITED = ROOT / "chapters" / "06_conclusion.md"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"]
# The targets for every page.
TARGETS = {"score": 95, "lcp_s": 2.5, "tbt_ms": 150, "kib": 200}


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
    import rebuilds  # beside this script; last, as its edits leave the PDF out of date
    rows += rebuilds.bench_rows(ROOT, lambda: run("make html")[1])
    return rows


def build_table(rows) -> list[str]:
    cold = rows[0][1][0]
    return ["| what | median s | min s | max s | share of cold | note |", "|---|---:|---:|---:|---:|---|"] + [
        f"| {name} | {med:.1f} | {lo:.1f} | {hi:.1f} | {100 * med / cold:.0f}% | {note} |"
        for name, (med, lo, hi), note in rows]


def first_load_files(page: Path, site: Path = HTML) -> list[Path]:
    """The local files a page loads before any interaction, from the built HTML: its stylesheets,
    scripts and eagerly loaded images. No font: the book uses none (tests/test_page_weight.py)."""
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    refs = [link["href"] for link in soup.select("link[rel~=stylesheet][href]")]
    refs += [script["src"] for script in soup.select("script[src]")]
    refs += [img["src"] for img in soup.select("img[src]:not([loading=lazy])")]
    files = [(page.parent / urlsplit(ref).path).resolve() for ref in refs if not urlsplit(ref).scheme]
    return [f for f in dict.fromkeys(files) if f.exists() and site.resolve() in f.parents]


def page_bytes(page: Path) -> tuple[int, int]:
    """Raw and gzip bytes of a page's HTML with every local file it loads before any
    interaction: a static estimate from the built files (no server, no browser);
    Lighthouse's figure in the results counts every byte actually transferred."""
    raw = gz = 0
    for data in [page.read_bytes()] + [f.read_bytes() for f in first_load_files(page)]:
        raw += len(data)
        gz += len(gzip.compress(data, 9))
    return raw, gz


def built_pages(site: Path = HTML) -> list[str]:
    """Every page of the book, by its path under the site (the root redirect excluded)."""
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts]
    return sorted(str(p.relative_to(site)) for p in pages if p != site / "index.html")


def render_blocking(page: Path) -> set[str]:
    """Paths of the files that hold up a page's first paint: stylesheets for all media,
    and scripts that are neither deferred, async nor modules."""
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    refs = [link["href"] for link in soup.select("link[rel~=stylesheet][href]")
            if link.get("media", "all") in ("all", "screen") and not link.has_attr("disabled")]
    refs += [s["src"] for s in soup.select("script[src]")
             if not (s.has_attr("defer") or s.has_attr("async") or s.get("type") == "module")]
    return {urlsplit(urljoin(f"/{page.name}", ref)).path.rsplit("/", 1)[-1] for ref in refs}


@contextlib.contextmanager
def gzip_server(directory: Path):
    """Serve directory on 127.0.0.1 with gzip for text types, as a static host does (tornado)."""
    import tornado.httpserver
    import tornado.netutil
    import tornado.web

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def start():
        app = tornado.web.Application(
            [(r"/(.*)", tornado.web.StaticFileHandler, {"path": str(directory), "default_filename": "index.html"})],
            compress_response=True)
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        server = tornado.httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        return server, sockets[0].getsockname()[1]

    server, port = asyncio.run_coroutine_threadsafe(start(), loop).result()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        loop.call_soon_threadsafe(server.stop)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def lighthouse(url: str, report: Path, blocking: set[str]) -> dict:
    """One Lighthouse performance run (mobile, simulated throttling); the figures this bench reports.
    blocking: the page's render_blocking files (Lighthouse's own audit fails on this Chromium's traces)."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit("lighthouse is missing: run  npm ci")
    subprocess.run([str(binary), url, "--quiet", "--only-categories=performance", "--output=json",
                    f"--output-path={report}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    lhr = json.loads(report.read_text(encoding="utf-8"))
    audits = lhr["audits"]
    requests = audits["network-requests"]["details"]["items"]
    host = re.match(r"https?://[^/]+", url).group(0)
    blocking_requests = [r for r in requests if urlsplit(r["url"]).path.rsplit("/", 1)[-1] in blocking]
    return {
        "score": round(100 * lhr["categories"]["performance"]["score"]),
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "si_s": audits["speed-index"]["numericValue"] / 1000,
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "requests": len(requests),
        "font_kib": sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Font") / 1024,
        "blocking": len(blocking_requests),
        "blocking_kib": sum(r.get("transferSize", 0) for r in blocking_requests) / 1024,
        "elsewhere": sum(1 for r in requests if not r["url"].startswith((host, "data:"))),
        "host_index": lhr["environment"]["benchmarkIndex"],
    }


def page_loads(site: Path, pages: list[str]) -> dict[str, dict]:
    """Lighthouse on each page, RUNS times; per page the run with the median score."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    out = {}
    with gzip_server(site) as base:
        for page in pages:
            runs = []
            for i in range(RUNS):
                report = REPORTS / f"{page.replace('/', '_').removesuffix('.html')}-{i}.json"
                runs.append(lighthouse(f"{base}/{page}", report, render_blocking(site / page)))
            runs.sort(key=lambda r: (r["score"], -r["lcp_s"]))
            out[page] = {**runs[len(runs) // 2], "score_range": (runs[0]["score"], runs[-1]["score"])}
            print(f"{page}: {out[page]}", flush=True)
    return out


def chart_activation(site: Path, pages: list[str]) -> dict[str, tuple[int, float | str | None]]:
    """Per page with charts: how many, and seconds from hovering the first chart to its tooltip. Also
    focus and tap on the first chart of the book; a failure or console error replaces the time."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright  # noqa: I001

    out = {}
    with gzip_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_FLAGS[1:])
        tried_other_ways = False
        for page_path in pages:
            errors = []
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            page = ctx.new_page()
            page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(f"{base}/{page_path}", wait_until="load")
            charts = page.locator(".companion-chart[data-spec]")
            n = charts.count()
            result = None
            try:
                if n:
                    result = _hover_to_tooltip(page, charts.first)
                    if not tried_other_ways:
                        tried_other_ways = True
                        _focus_and_tap(browser, f"{base}/{page_path}")
            except (ChartFailed, PlaywrightError) as failure:
                result = f"FAILED: {str(failure).splitlines()[0]}"
            ctx.close()
            if errors:
                result = f"FAILED: console error {errors[0][:80]}"
            out[page_path] = (n, result)
        browser.close()
    return out


class ChartFailed(Exception):
    """A chart did not come alive or show a tooltip the way a reader reached for it."""


MARKS = ".chart-live .role-mark > *"          # the marks vega drew in the live view
TOOLTIP = "#vg-tooltip-element.visible"


def _first_tooltip(page, point) -> str:
    """Point at (hover or tap) the live chart's marks until one shows its tooltip; its text."""
    for mark in page.locator(MARKS).all()[:40]:
        if mark.is_visible():
            point(mark)
            page.wait_for_timeout(50)
            if page.locator(TOOLTIP).count():
                return page.locator(TOOLTIP).inner_text()
    raise ChartFailed(f"no vega tooltip on {page.url.rsplit('/', 1)[-1]}")


def _hover_to_tooltip(page, chart) -> float:
    chart.scroll_into_view_if_needed()
    start = time.perf_counter()
    chart.hover()
    page.wait_for_selector(".companion-chart[data-live='yes']", timeout=30000)
    _first_tooltip(page, lambda mark: mark.hover(force=True))
    return time.perf_counter() - start


def _focus_and_tap(browser, url: str) -> None:
    """A keyboard user (focus) gets the live chart, and a phone user (tap) its tooltips."""
    for phone in (False, True):
        ctx = browser.new_context(viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 800},
                                  has_touch=phone, is_mobile=phone)
        page = ctx.new_page()
        page.goto(url, wait_until="load")
        chart = page.locator(".companion-chart[data-spec]").first
        chart.tap() if phone else chart.focus()
        page.wait_for_selector(f".companion-chart[data-live='yes'] .chart-live{'.chart-narrow' if phone else ''}",
                               timeout=30000)
        if phone:
            try:
                _first_tooltip(page, lambda mark: mark.tap(force=True))
            except ChartFailed as failure:
                raise ChartFailed(f"tap: {failure}") from None
        ctx.close()


def page_table(loads: dict, charts: dict) -> list[str]:
    lines = ["| page | score (range) | FCP s | LCP s | TBT ms | CLS | SI s | KiB transferred | requests "
             "| render-blocking: files, KiB | fonts KiB | other hosts | charts | chart live after hover, s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for page, m in loads.items():
        n, took = charts.get(page, (0, None))
        lo, hi = m["score_range"]
        lines.append(f"| {page.removesuffix('.html')} | {m['score']} ({lo}–{hi}) | {m['fcp_s']:.1f} | {m['lcp_s']:.1f} "
                     f"| {m['tbt_ms']:.0f} | {m['cls']:.3f} | {m['si_s']:.1f} | {m['kib']:.0f} | {m['requests']} "
                     f"| {m['blocking']}, {m['blocking_kib']:.0f} | {m['font_kib']:.0f} | {m['elsewhere']} | {n} "
                     f"| {f'{took:.2f}' if isinstance(took, float) else took or '–'} |")
    return lines


def verdicts(loads: dict, charts: dict) -> list[str]:
    def worst(key, reverse=False):
        page = (min if reverse else max)(loads, key=lambda p: loads[p][key])
        return page.removesuffix(".html"), loads[page][key]

    score, lcp, tbt, kib = worst("score", True), worst("lcp_s"), worst("tbt_ms"), worst("kib")
    failed = [f"{page} ({result})" for page, (_, result) in charts.items() if isinstance(result, str)]
    mark = lambda ok: "met" if ok else "NOT MET"
    return [f"- Performance score ≥ {TARGETS['score']} on every page: lowest {score[1]} ({score[0]}) — "
            f"{mark(score[1] >= TARGETS['score'])}.",
            f"- LCP ≤ {TARGETS['lcp_s']} s: slowest {lcp[1]:.2f} s ({lcp[0]}) — {mark(lcp[1] <= TARGETS['lcp_s'])}.",
            f"- TBT ≤ {TARGETS['tbt_ms']} ms: highest {tbt[1]:.0f} ms ({tbt[0]}) — {mark(tbt[1] <= TARGETS['tbt_ms'])}.",
            f"- Bytes transferred before interaction ≤ {TARGETS['kib']} KiB: heaviest {kib[1]:.0f} KiB ({kib[0]}) — "
            f"{mark(kib[1] <= TARGETS['kib'])}.",
            f"- Webfont bytes on any page: {max(m['font_kib'] for m in loads.values()):.0f} KiB; "
            f"requests to another host: {sum(m['elsewhere'] for m in loads.values())}.",
            "- Charts come alive on hover, focus and tap, with a tooltip and no console error — "
            + ("met." if not failed else "NOT MET: " + "; ".join(failed))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages-only", action="store_true", help="measure the built book as it is; no builds")
    parser.add_argument("--html", type=Path, default=HTML,
                        help="the built site to measure (implies --pages-only; e.g. a build of an older commit)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--environments-only", action="store_true", help="measure the two pinned environments only")
    args = parser.parse_args()
    import environments  # beside this script
    import reproduce_time
    if args.environments_only:
        return environments.update(RESULTS, args.output, ROOT)
    if args.pages_only or args.html != HTML:
        if not args.html.exists():
            raise SystemExit(f"nothing to measure at {args.html}: build the book first")
        builds_section, environments_section, reproduction_section = (
            environments.kept(RESULTS, title) for title in ("Builds", "Environments", "Reproduction"))
    else:
        builds_section, environments_section = build_table(builds()), environments.section(ROOT)
        reproduction_section = reproduce_time.section(ROOT)
    pages = built_pages(args.html)
    loads = page_loads(args.html, pages)
    charts = chart_activation(args.html, pages)
    lighthouse_version = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    host_index = statistics.median(m["host_index"] for m in loads.values())
    lines = [
        "# Benchmarks", "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Each timing: median of {RUNS} runs (min–max).", "",
        "## Builds", "", *builds_section, "", "## Environments", "", *environments_section, "",
        "## Reproduction", "", *reproduction_section, "",
        "## Pages", "",
        f"Lighthouse {lighthouse_version}, mobile emulation (simulated slow 4G, CPU slowed 4×), every page of "
        f"{args.html.relative_to(ROOT) if ROOT in args.html.resolve().parents else args.html} ({len(pages)} pages) "
        f"served gzip-compressed from 127.0.0.1; per page the run with the median score of {RUNS}. "
        "KiB transferred: every byte the page loads before any interaction (HTML, CSS, JS, fonts, images, "
        "with headers). Render-blocking: stylesheets and plain scripts that hold up the first paint. "
        "SI: speed index. Chart live: desktop Chromium without throttling, from the first hover until the "
        "vega tooltip shows (focus and tap checked too). "
        f"Lighthouse's CPU benchmark of this host: {host_index:.0f} (median); TBT and the score fall when "
        "other work shares the machine, so compare runs made on a quiet one.", "",
        *page_table(loads, charts), "",
        "## Against the targets", "", *verdicts(loads, charts), "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

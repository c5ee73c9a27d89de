"""Issue 26, speed: the code as it is against an earlier revision, in one run on one machine.

Each revision is measured in child processes of its own (``PYTHONPATH`` its folder; the
earlier one checked out with ``git worktree add`` into a temporary folder), one after the other:

- **reruns** (AppTest, the bundled data, caches warm): a widget change on Rencana (JHT on and
  off at ``kode=64.72``; a new rate typed at ``kode=64``, never typed before) and on Analisis
  ("only regions with values" on and off); **first views**: a new session's first run of each
  page in a process that has read the data (the map page ran once before, in another session).
  Server time is the script run's (Streamlit's ``ScriptRunner._run_script``): wall clock and the
  CPU time of the script's thread, which other processes on the machine do not inflate;
- **fact sheets**: the 14-page bundle of Kalimantan Barat's kab/kota as the profile page makes
  it (``cache.profile`` and ``cache.region_locator`` per regency, ``factsheet.pdf``) after the
  profile of its first regency was shown, the first time and again; the pages counted;
- **national scale** (``bench/national.py``: figures, regions and boundaries copied to 504
  kab/kota, a fixture, never shipped): Rencana for a 10-regency province (a copy of Kaltim) on a
  widget change as above, and the map PDF of all 504 (``export.static_map``, A4).

Prints medians and ratios, writes bench/results/speed.json. Not part of the tests; about 10
minutes on 2 cores. Run: .venv/bin/python bench/speed.py [--baseline-rev 0deec97] [--reruns 12]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
KALTIM_COPY = "13"  # Kalimantan Timur's first copy in the national fixture: 10 kab/kota


# --- inside a child process (sys.path starts with the revision's folder) ----------------------

RUNS: list[tuple[float, float]] = []  # (wall ms, script thread CPU ms) of each script run


def timed_runs() -> None:
    """Record every script run's wall clock and its thread's CPU time."""
    from streamlit.runtime.scriptrunner import script_runner

    run = script_runner.ScriptRunner._run_script

    def timed(self, rerun_data):
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return run(self, rerun_data)
        finally:
            RUNS.append((1000 * (time.perf_counter() - wall), 1000 * (time.thread_time() - cpu)))

    script_runner.ScriptRunner._run_script = timed


def app(root: Path, page: str, **params):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=600)
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def run(at) -> tuple[float, float]:
    del RUNS[:]
    at.run()
    assert not at.exception, at.exception
    return RUNS[-1]


def medians(times: list[tuple[float, float]]) -> dict:
    return {"wall_ms": round(statistics.median(t[0] for t in times), 1),
            "cpu_ms": round(statistics.median(t[1] for t in times), 1), "n": len(times)}


def reruns(root: Path, at, change, n: int, skip: int = 2) -> dict:
    """``change(at, i)`` then a run, ``n + skip`` times; the first ``skip`` left out."""
    times = []
    for i in range(n + skip):
        change(at, i)
        times.append(run(at))
    return medians(times[skip:])


def toggle(key: str):
    return lambda at, i: at.toggle(key=key).set_value(i % 2 == 0)


def new_rate(at, i: int) -> None:
    at.text_input(key="rencana_tarif_teks").input(str(16_801 + i))


def child_app(root: Path, n: int) -> dict:
    timed_runs()
    out = {}
    warm = app(root, "pages/peta.py")  # the process reads the data, the map page is drawn
    run(warm)
    for name, page, params in [("first_peta", "pages/peta.py", {"provinsi": "62"}),
                               ("first_wilayah", "pages/wilayah.py", {"kode": "61.01"}),
                               ("first_ikn", "pages/ikn.py", {}),
                               ("first_analisis", "pages/analisis.py", {}),
                               ("first_rencana", "pages/rencana.py", {"kode": "64.72"}),
                               ("first_sumber", "pages/sumber.py", {})]:
        out[name] = medians([run(app(root, page, **params))])
    at = app(root, "pages/rencana.py", kode="64.72")
    run(at)
    out["rencana_64.72_jht"] = reruns(root, at, toggle("rencana_jht"), n)
    at = app(root, "pages/rencana.py", kode="64")
    run(at)
    out["rencana_64_new_rate"] = reruns(root, at, new_rate, n, skip=0)
    at = app(root, "pages/analisis.py")
    run(at)
    out["analisis_only_values"] = reruns(root, at, toggle("analisis_ada_angka"), n)
    return out


def child_factsheets(root: Path) -> dict:
    """The profile page's bundle of Kalimantan Barat (14 kab/kota), as its button makes it."""
    from coverage_map.language.i18n import set_language
    from coverage_map.render import factsheet
    from coverage_map.ui import cache

    set_language("id")
    data = cache.bundle()
    kodes = sorted(data.regions.loc[data.regions["kode_prov"] == "61", "kode"])
    cache.profile(kodes[0], 80.0, "id")  # the profile shown before the click
    cache.region_locator(kodes[0])
    out = {}
    for name in ("first", "again"):
        pages: list[int] = []
        t0, cpu = time.perf_counter(), time.process_time()
        profiles = [cache.profile(k, 80.0, "id") for k in kodes]
        pdf = factsheet.pdf(profiles, data, [f"http://localhost/wilayah?kode={k}" for k in kodes],
                            "id", locator=cache.region_locator, on_page=pages.append)
        out[name] = {"s": round(time.perf_counter() - t0, 2),
                     "cpu_s": round(time.process_time() - cpu, 2), "pages": len(kodes),
                     "progress": pages, "bytes": len(pdf)}
    return out


def child_national(root: Path, n: int, fixture: Path) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    import national

    national.use(fixture)
    timed_runs()
    out = {}
    run(app(root, "pages/sumber.py"))  # the process reads the data (not timed)
    at = app(root, "pages/rencana.py", kode=KALTIM_COPY)
    out["rencana_first"] = medians([run(at)])
    out["rencana_jht"] = reruns(root, at, toggle("rencana_jht"), n)
    out["rencana_new_rate"] = reruns(root, at, new_rate, n, skip=0)

    from coverage_map.figures import classify, coverage
    from coverage_map.language.i18n import set_language
    from coverage_map.render import export
    from coverage_map.ui import cache

    set_language("id")
    data = cache.bundle()
    view = coverage.View()
    table = coverage.view_table(data.regions, data.figures, view)
    classes = classify.classify(table["value"], view.metric, "tetap", view.target)
    texts = export.view_texts(view, table, classes, "Indonesia (504)", "…", "http://localhost/")
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        pdf = export.static_map(data.kabkota, table, classes, data.provinsi, texts, "pdf_a4",
                                export.value_labels(table), export.meets_target(table, view),
                                view.target)
        times.append(time.perf_counter() - t0)
    out["map_pdf"] = {"s": round(statistics.median(times), 2), "runs": [round(x, 2) for x in times],
                      "bytes": len(pdf), "regions": len(table)}
    return out


# --- the parent ------------------------------------------------------------------------------

def child(root: Path, kind: str, args) -> dict:
    cmd = [sys.executable, __file__, "--child", str(root), "--kind", kind,
           "--reruns", str(args.reruns), "--fixture", str(args.fixture)]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "PYTHONPATH": str(root)})
    if proc.returncode:
        return {"error": proc.stderr[-3000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


ROWS = [  # (label, kind, key, field)
    ("Rencana 64.72, JHT on/off: rerun CPU ms", "app", "rencana_64.72_jht", "cpu_ms"),
    ("Rencana 64.72, JHT on/off: rerun wall ms", "app", "rencana_64.72_jht", "wall_ms"),
    ("Rencana 64, new rate typed: rerun CPU ms", "app", "rencana_64_new_rate", "cpu_ms"),
    ("Rencana 64, new rate typed: rerun wall ms", "app", "rencana_64_new_rate", "wall_ms"),
    ("Analisis, only values on/off: rerun CPU ms", "app", "analisis_only_values", "cpu_ms"),
    ("Analisis, only values on/off: rerun wall ms", "app", "analisis_only_values", "wall_ms"),
    *((f"first view {p}: CPU ms", "app", f"first_{p}", "cpu_ms")
      for p in ("peta", "wilayah", "ikn", "analisis", "rencana", "sumber")),
    ("fact sheets Kalbar (14 pages), first: s", "factsheets", "first", "s"),
    ("fact sheets Kalbar (14 pages), first: CPU s", "factsheets", "first", "cpu_s"),
    ("fact sheets Kalbar (14 pages), again: s", "factsheets", "again", "s"),
    ("504 kab/kota: Rencana (10 kab/kota), first view CPU ms", "national", "rencana_first",
     "cpu_ms"),
    ("504 kab/kota: Rencana JHT on/off: rerun CPU ms", "national", "rencana_jht", "cpu_ms"),
    ("504 kab/kota: Rencana JHT on/off: rerun wall ms", "national", "rencana_jht", "wall_ms"),
    ("504 kab/kota: Rencana new rate: rerun wall ms", "national", "rencana_new_rate", "wall_ms"),
    ("504 kab/kota: map PDF (A4): s", "national", "map_pdf", "s"),
]


def table(before: dict, after: dict) -> str:
    lines = ["| measure | before | after | ratio |", "|---|---|---|---|"]
    for label, kind, key, field in ROWS:
        b = before.get(kind, {}).get(key, {}).get(field)
        a = after.get(kind, {}).get(key, {}).get(field)
        ratio = f"{b / a:.1f}×" if a and b else "–"
        lines.append(f"| {label} | {b if b is not None else '–'} | "
                     f"{a if a is not None else '–'} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline-rev", default="0deec97")
    parser.add_argument("--reruns", type=int, default=12)
    parser.add_argument("--kinds", default="app,factsheets,national")
    parser.add_argument("--fixture", type=Path, default=None)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--kind")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(args.child))
        work = {"app": lambda: child_app(args.child, args.reruns),
                "factsheets": lambda: child_factsheets(args.child),
                "national": lambda: child_national(args.child, args.reruns, args.fixture)}
        print(json.dumps(work[args.kind]()))
        return
    with tempfile.TemporaryDirectory(prefix="cm-speed-") as tmp:
        tmp = Path(tmp)
        args.fixture = args.fixture or tmp / "national"
        if not (args.fixture / "datasets").exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "national.py"),
                            str(args.fixture)], cwd=ROOT, check=True, timeout=600,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
        base = tmp / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.baseline_rev],
                       cwd=ROOT, check=True, capture_output=True)
        try:
            result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                  "load_before": os.getloadavg()},
                      "baseline_rev": args.baseline_rev,
                      "rev": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                            capture_output=True, text=True).stdout.strip()
                      + " + working tree",
                      "before": {}, "after": {}}
            for kind in args.kinds.split(","):  # before and after in turn, kind by kind
                for side, root in (("before", base), ("after", ROOT)):
                    print(f"{kind}: {side} …", flush=True)
                    result[side][kind] = child(root, kind, args)
            result["machine"]["load_after"] = os.getloadavg()
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                           capture_output=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "speed.json").write_text(json.dumps(result, indent=1))
    print(table(result["before"], result["after"]))


if __name__ == "__main__":
    main()

"""Every benchmark, one after the other (`make bench`): each prints its JSON report; this
collects them into one JSON document on stdout (and --output FILE), with their short
summaries on stderr.

    .venv/bin/python bench/run_all.py [--quick] [--only engine,kb,telegram,notify,startup,desk]
        [--postgres URL]

--quick runs smaller sizes (a smoke test of the benchmarks themselves, not figures to quote).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
TIMEOUT = 1800.0  # per benchmark


def commands(quick: bool, postgres: str | None) -> dict[str, list[str]]:
    engine = ["engine_bench.py"] + (["--users", "20", "--drafts", "500", "--repeat", "1"]
                                    if quick else [])
    if postgres:
        engine += ["--postgres", postgres]
    return {
        "engine": engine,
        "kb": ["kb_bench.py"] + (["--rounds", "1"] if quick else []),
        "telegram": ["telegram_bench.py"] + (["--users", "10", "--steps", "4"] if quick
                                             else []),
        "notify": ["notify_bench.py"] + (["--users", "60"] if quick else []),
        "startup": ["startup_bench.py"] + (["--runs", "3"] if quick else []),
        # the web desk needs PostgreSQL: a scratch database on --postgres (or 127.0.0.1:5432)
        "desk": ["desk_bench.py"] + (["--orders", "2000", "--requests", "5"] if quick else [])
        + (["--postgres", postgres] if postgres else []),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", help="comma-separated subset")
    parser.add_argument("--postgres", help="also run the engine benchmark on this database")
    parser.add_argument("--output", help="also write the JSON document to this file")
    args = parser.parse_args(argv)
    selected = commands(args.quick, args.postgres)
    if args.only:
        selected = {name: selected[name] for name in args.only.split(",")}
    results: dict[str, Any] = {}
    failed = []
    for name, command in selected.items():
        started = time.monotonic()
        print(f"== {name}: python bench/{' '.join(command)}", file=sys.stderr, flush=True)
        try:
            done = subprocess.run([PYTHON, str(BENCH / command[0]), *command[1:]], cwd=ROOT,
                                  capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            failed.append(name)
            results[name] = {"error": f"timed out after {TIMEOUT:.0f}s"}
            continue
        sys.stderr.write(done.stderr[-2000:])
        try:
            results[name] = json.loads(done.stdout)
        except ValueError:  # kb_bench prints text
            results[name] = {"text": done.stdout}
        results[name]["exit_code"] = done.returncode
        results[name]["bench_seconds"] = round(time.monotonic() - started, 1)
        if done.returncode:
            failed.append(name)
    if args.output:
        Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

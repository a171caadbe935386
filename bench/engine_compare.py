"""The engine benchmark on two code trees in the same run: rounds alternate "before" (a
``git worktree`` of an older commit, catalogs compiled, this engine_bench.py copied in) and
"now", so both see the same machine; medians [min–max] of each figure per store.

    .venv/bin/python bench/engine_compare.py --before DIR [--rounds 4] [--users 100]
        [--postgres ADMIN_URL] [--stores memory,sqlite,postgres]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
FIGURES = ("steps_per_s_median", "without_uploads_steps_per_s_median", "cpu_ms_per_step",
           "cpu_ms_per_step_without_uploads", "p50_ms", "upload_ms_median",
           "submission_ms_median", "statements_per_step")


def run(tree: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, str(tree / "bench" / "engine_bench.py"), "--repeat", "1",
               "--drafts", "0", "--users", str(args.users), "--stores", args.stores]
    if args.postgres:
        command += ["--postgres", args.postgres]
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=True)
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--postgres")
    parser.add_argument("--stores", default="memory,sqlite,postgres")
    args = parser.parse_args()
    shutil.copy(HERE / "bench" / "engine_bench.py", args.before / "bench" / "engine_bench.py")
    trees = {"before": args.before.resolve(), "now": HERE}
    reports: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for i in range(args.rounds):
        order = list(trees) if i % 2 == 0 else list(reversed(trees))
        for name in order:
            reports[name].append(run(trees[name], args))
            print(f"round {i + 1} {name} done", file=sys.stderr)
    summary: dict[str, Any] = {}
    stores = [s for s in args.stores.split(",") if s in reports["now"][0]]
    for store in stores:
        for name in trees:
            row = {}
            for figure in FIGURES:
                values = [r[store][figure] for r in reports[name]]
                row[figure] = [round(statistics.median(values), 3),
                               round(min(values), 3), round(max(values), 3)]
            summary[f"{store}/{name}"] = row
        ratios = [now[store]["steps_per_s_median"] / before[store]["steps_per_s_median"]
                  for now, before in zip(reports["now"], reports["before"], strict=True)]
        lean = [now[store]["without_uploads_steps_per_s_median"]
                / before[store]["without_uploads_steps_per_s_median"]
                for now, before in zip(reports["now"], reports["before"], strict=True)]
        summary[f"{store}/now_vs_before"] = {
            "steps_per_s": [round(statistics.median(ratios), 3), round(min(ratios), 3),
                            round(max(ratios), 3)],
            "without_uploads": [round(statistics.median(lean), 3), round(min(lean), 3),
                                round(max(lean), 3)]}
    print(json.dumps(summary, indent=1))
    for store in stores:
        b, n = summary[f"{store}/before"], summary[f"{store}/now"]
        print(f"{store}: steps/s {b['steps_per_s_median'][0]:.0f} -> "
              f"{n['steps_per_s_median'][0]:.0f}; without uploads "
              f"{b['without_uploads_steps_per_s_median'][0]:.0f} -> "
              f"{n['without_uploads_steps_per_s_median'][0]:.0f}; CPU ms/step (no uploads) "
              f"{b['cpu_ms_per_step_without_uploads'][0]:.3f} -> "
              f"{n['cpu_ms_per_step_without_uploads'][0]:.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Profile the engine's steps (cProfile switched on around each step, not the applicant's
thinking): whole first filings against the memory store, SQLite or PostgreSQL, with or
without the upload steps; prints the top of the profile by self and by cumulative time.

    .venv/bin/python bench/engine_profile.py [--store memory|sqlite|postgres]
        [--users 60] [--uploads] [--postgres ADMIN_URL] [--top 25] [--out FILE.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.autopilot import Autopilot
from bench.common import bench_database
from bench.engine_bench import memory_world, sql_world
from dialogs.messages import File


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=("memory", "sqlite", "postgres"), default="memory")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--uploads", action="store_true", help="profile the upload steps too")
    parser.add_argument("--postgres", help="admin URL (with --store postgres)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", help="write the raw profile here (pstats format)")
    args = parser.parse_args()
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp, \
            bench_database(args.postgres if args.store == "postgres" else None,
                           "engine_profile") as pg_url:
        world = memory_world() if args.store == "memory" else sql_world(Path(tmp), pg_url)
        steps, elapsed = 0, 0.0
        for user in range(args.warmup + args.users):
            pilot = Autopilot(*world, user)
            pilot.start()
            while (incoming := pilot.next_input()) is not None:
                measured = user >= args.warmup and (args.uploads or not isinstance(incoming, File))
                if measured:
                    steps += 1
                    t0 = time.perf_counter()
                    profiler.enable()
                pilot.send(incoming)
                if measured:
                    profiler.disable()
                    elapsed += time.perf_counter() - t0
    if args.out:
        profiler.dump_stats(args.out)
    print(f"# {args.store}, {args.users} filings, {steps} steps "
          f"({'with' if args.uploads else 'without'} uploads), "
          f"{1000 * elapsed / steps:.3f} ms per step under the profiler")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
        text = out.getvalue()
        print(text[text.index("   ncalls"):].rstrip() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

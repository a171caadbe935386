"""Knowledge-base benchmark: top-1 accuracy on tests/kb_eval.jsonl and answer latency.

Run: ``.venv/bin/python bench/kb_bench.py [--misses]``. Reports import + load time, the cold
first Chinese query (includes loading jieba and building the Chinese index), the cold first
English query, and warm p50/p99 over the evaluation questions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list the wrong answers")
    parser.add_argument("--rounds", type=int, default=5, help="warm passes over the set")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from knowledge import KnowledgeBase
    from knowledge.evaluation import evaluate, load_rows

    kb = KnowledgeBase.load()
    t_load = time.perf_counter() - t0
    jieba_loaded = "jieba" in sys.modules

    t0 = time.perf_counter()
    kb.ask("外地人在杭州能备案吗")
    cold_zh = time.perf_counter() - t0
    t0 = time.perf_counter()
    kb.ask("Do I need a local mobile number in Shanghai?")
    cold_en = time.perf_counter() - t0

    rows = load_rows(ROOT / "tests" / "kb_eval.jsonl")
    result = evaluate(kb, rows)

    latencies: list[float] = []
    for _ in range(args.rounds):
        for row in rows:
            t0 = time.perf_counter()
            kb.ask(row["q"], lang=row.get("lang"), region=row.get("hint"))
            latencies.append((time.perf_counter() - t0) * 1000)

    print(f"import + KnowledgeBase.load(): {t_load * 1000:.1f} ms (jieba loaded: {jieba_loaded})")
    print(f"cold first Chinese query (incl. jieba load + index): {cold_zh * 1000:.0f} ms")
    print(f"cold first English query (incl. index): {cold_en * 1000:.1f} ms")
    print(
        f"top-1 accuracy: {result.accuracy:.1%} ({result.correct}/{result.total}; "
        f"{sum(1 for r in rows if r.get('unknown'))} out-of-scope questions)"
    )
    print(
        f"warm answer latency over {len(latencies)} asks: p50 "
        f"{statistics.median(latencies):.2f} ms, p99 {_percentile(latencies, 99):.2f} ms, "
        f"max {max(latencies):.2f} ms"
    )
    if args.misses:
        for miss in result.misses:
            print(f"  MISS {miss.question!r}: expected {miss.expected}, got {miss.got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

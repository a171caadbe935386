"""Knowledge-base benchmark: accuracy on every question set, and answer latency.

Run: ``.venv/bin/python bench/kb_bench.py`` (all sets found under tests/, latencies included).

Sets: ``tests/kb_eval.jsonl`` (the old topic set the first keywords were tuned on),
``tests/kb_eval_tuning*.jsonl`` (our own facts sets, tuned on), ``tests/kb_eval_tune3.jsonl``
and ``tests/kb_eval_tune4.jsonl`` (sets by other writers who never saw the code, tuned on),
``tests/kb_eval_fresh*.jsonl`` (held-out facts sets written by someone who never saw the data;
scored only with ``--held-out`` or ``--set``, and then only aggregates are printed, never a
question). fresh1 to fresh6 are spent — reported as held-out scores, then tuned on —
so their misses may be listed with ``--misses --held-out`` (or ``--misses --only --set``);
fresh7 onwards are held out.
``--set PATH`` scores one more file; ``--root DIR`` scores the ``knowledge`` package of
another checkout (e.g. an old commit extracted with ``git archive``) with this
checkout's scorer; ``--cli`` asks through a fresh ``icpbot kb ask --json`` process per question
instead of in-process (slow, same answers).

Latencies: a fresh ``icpbot kb ask`` process (median of ``--runs``), the first Chinese answer
after ``warm_up()``, and warm p50/p99 over all questions, as wall time and as this thread's CPU
time (on a shared machine the wall time mostly measures the other processes' load).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ICPBOT = ROOT / ".venv" / "bin" / "icpbot"
#: Held-out sets already reported and then tuned on: their misses may be listed.
SPENT = frozenset({"kb_eval_fresh1.jsonl", "kb_eval_fresh2.jsonl", "kb_eval_fresh3.jsonl",
                   "kb_eval_fresh4.jsonl", "kb_eval_fresh5.jsonl", "kb_eval_fresh6.jsonl"})


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _load_scorer() -> ModuleType:
    """This checkout's evaluation module, also when ``knowledge`` comes from ``--root``."""
    spec = importlib.util.spec_from_file_location(
        "kb_scorer", ROOT / "knowledge" / "evaluation.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def _cli_ask(row: Mapping[str, Any]) -> Mapping[str, Any]:
    cmd = [str(ICPBOT), "kb", "ask", str(row["q"]), "--json"]
    if row.get("lang"):
        cmd += ["--lang", str(row["lang"])]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    return json.loads(out.stdout)


def _fresh_process_ms(question: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([str(ICPBOT), "kb", "ask", question, "--json"], capture_output=True,
                       cwd=ROOT, check=False)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, help="score the knowledge package of this checkout")
    parser.add_argument("--set", type=Path, action="append", default=[], help="another set")
    parser.add_argument("--only", action="store_true", help="score only the --set files")
    parser.add_argument("--cli", action="store_true", help="ask through icpbot kb ask --json")
    parser.add_argument("--rounds", type=int, default=3, help="warm passes over the questions")
    parser.add_argument("--runs", type=int, default=5, help="fresh-process runs per language")
    parser.add_argument("--no-latency", action="store_true")
    parser.add_argument("--held-out", action="store_true",
                        help="also score tests/kb_eval_fresh*.jsonl (each scoring counts: the "
                             "held-out sets are scored rarely and only in aggregate)")
    parser.add_argument("--misses", action="store_true",
                        help="list wrong answers of the tuning sets and of the spent "
                             "fresh1 to fresh6 (never of the held-out fresh7 onwards)")
    args = parser.parse_args()

    code_root = (args.root or ROOT).resolve()
    sys.path.insert(0, str(code_root))
    scorer = _load_scorer()

    t0 = time.perf_counter()
    from knowledge import KnowledgeBase

    kb = KnowledgeBase.load()
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    warm_up = getattr(kb, "warm_up", None)
    if warm_up is not None:
        warm_up()
    t_warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    kb.ask("外地人在杭州能备案吗")
    first_zh = time.perf_counter() - t0
    t0 = time.perf_counter()
    kb.ask("Do I need a local mobile number in Shanghai?")
    first_en = time.perf_counter() - t0
    print(f"knowledge package: {code_root}")
    print(f"import + load {t_load * 1000:.0f} ms; warm_up {t_warm * 1000:.0f} ms"
          f"{'' if warm_up else ' (no warm_up in this version)'}; first Chinese answer after it "
          f"{first_zh * 1000:.1f} ms; first English {first_en * 1000:.1f} ms")

    tests = ROOT / "tests"
    sets = [] if args.only else sorted(
        p for p in tests.glob("kb_eval*.jsonl") if args.held_out or "fresh" not in p.name
    )
    sets += args.set
    all_questions: list[dict[str, Any]] = []
    for path in sets:
        rows = scorer.load_rows(path)
        all_questions += rows
        held_out = "fresh" in path.name
        if rows and "facts" in rows[0]:
            ask = _cli_ask if args.cli else None
            score = scorer.score_facts(kb, rows, ask)
            kind = "tuning"
            if held_out:
                kind = "spent held-out, tuned on" if path.name in SPENT else "held-out"
            print(f"{path.name} ({kind}, {len(rows)} questions): {score.summary()}")
            if args.misses and (not held_out or path.name in SPENT):
                by_id = {str(r.get("id")): r for r in rows}
                for wrong in score.wrong_ids:
                    row = by_id[wrong]
                    got = kb.ask(row["q"], lang=row.get("lang")).to_dict()
                    print(f"  MISS {wrong} {row['q']!r} expected {row.get('region')} "
                          f"{row.get('facts')} decline={row.get('decline')}; got "
                          f"{got['region']} {got['topic']} unknown={got['unknown']}: "
                          f"{got['answer'][:160]!r}")
        else:
            result = scorer.evaluate(kb, rows)
            print(f"{path.name} (topic set, {len(rows)} questions): top-1 "
                  f"{result.accuracy:.1%} ({result.correct}/{result.total})")
            if args.misses:
                for miss in result.misses:
                    print(f"  MISS {miss.question!r}: expected {miss.expected}, got {miss.got}")

    if args.no_latency:
        return 0
    latencies: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: what the answer costs, minus other load
    for _ in range(args.rounds):
        for row in all_questions:
            c0, t0 = time.thread_time(), time.perf_counter()
            kb.ask(row["q"], lang=row.get("lang"), region=row.get("hint"))
            latencies.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
    if latencies:
        print(f"warm answers over {len(latencies)} asks: wall p50 "
              f"{statistics.median(latencies):.2f} ms, p99 {_percentile(latencies, 99):.2f} ms, "
              f"max {max(latencies):.2f} ms; CPU p50 {statistics.median(cpu):.2f} ms, "
              f"p99 {_percentile(cpu, 99):.2f} ms (load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if not args.root and ICPBOT.exists():
        zh = _fresh_process_ms("上海个人备案需要居住证吗", args.runs)
        en = _fresh_process_ms("Do I need a Shanghai mobile number?", args.runs)
        print(f"fresh process icpbot kb ask (median of {args.runs}): Chinese {zh:.0f} ms, "
              f"English {en:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

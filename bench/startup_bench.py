"""Start-up: time from launching `icpbot chat` to its first output (the greeting that
precedes the first prompt), median of N runs, beside the baselines `python -c pass` and
`python -c "import telegram"` (until they exit) measured in the same run, interleaved; then
the heaviest imports of `icpbot chat` (python -X importtime, top 10 cumulative) and whether
jieba (the Chinese word segmenter, needed only for Chinese questions) was loaded.

The data directory is prepared (migrated) once before the runs, as on any start but the
first.

    .venv/bin/python bench/startup_bench.py [--runs 15]

Prints JSON, then a short summary on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, machine, summary

TARGET_S = 1.0
RUN_TIMEOUT = 30.0
ICPBOT = str(Path(PYTHON).parent / "icpbot")
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def environment(data_dir: Path) -> dict[str, str]:
    from storage.crypto import Cipher

    env = {key: value for key, value in os.environ.items() if not key.startswith("ICPBOT_")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.update({"ICPBOT_DATA_DIR": str(data_dir), "ICPBOT_SECRET_KEY": Cipher.new_key(),
                "PYTHONUNBUFFERED": "1", "LANG": "en_US.UTF-8"})
    return env


def until_exit(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=RUN_TIMEOUT,
                   check=True)
    return time.perf_counter() - started


def until_first_output(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from launch to the first bytes on stdout; stdin is a pipe, closed after."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdout is not None and process.stdin is not None
        ready, _, _ = select.select([process.stdout], [], [], RUN_TIMEOUT)
        if not ready or not os.read(process.stdout.fileno(), 4096):
            raise RuntimeError(f"{argv} printed nothing within {RUN_TIMEOUT}s")
        elapsed = time.perf_counter() - started
        process.stdin.close()  # end of input: the chat says goodbye and exits
        process.wait(timeout=RUN_TIMEOUT)
        return elapsed
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)


def import_times(env: dict[str, str], top: int = 10) -> tuple[list[dict[str, Any]], bool]:
    """(the ``top`` imports by cumulative time, whether jieba was imported) of `icpbot chat`."""
    result = subprocess.run([PYTHON, "-X", "importtime", "-m", "bot.cli", "chat"], env=env,
                            cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=RUN_TIMEOUT, check=True)
    rows = []
    for line in result.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            rows.append({"module": match[4], "self_ms": int(match[1]) / 1000,
                         "cumulative_ms": int(match[2]) / 1000,
                         "depth": len(match[3]) // 2})
    jieba = any(row["module"].split(".")[0] == "jieba" for row in rows)
    rows.sort(key=lambda row: row["cumulative_ms"], reverse=True)
    return rows[:top], jieba


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        env = environment(Path(tmp) / "data")
        subprocess.run([ICPBOT, "db", "upgrade"], env=env, cwd=ROOT, capture_output=True,
                       timeout=RUN_TIMEOUT, check=True)
        measured: dict[str, list[float]] = {"python_pass": [], "python_import_telegram": [],
                                            "icpbot_chat_first_output": []}
        until_first_output([ICPBOT, "chat"], env)  # warm the OS file cache and .pyc files
        for _ in range(args.runs):  # interleaved: all three see the same machine noise
            measured["python_pass"].append(until_exit([PYTHON, "-c", "pass"], env))
            measured["python_import_telegram"].append(
                until_exit([PYTHON, "-c", "import telegram"], env))
            measured["icpbot_chat_first_output"].append(until_first_output([ICPBOT, "chat"],
                                                                           env))
        top, jieba = import_times(env)
    report: dict[str, Any] = {
        "benchmark": "startup", "machine": machine(), "runs": args.runs,
        "command": "python bench/startup_bench.py " + " ".join(sys.argv[1:] if argv is None
                                                                else argv)}
    for name, values in measured.items():
        report[name] = {key: round(1000 * value, 1) for key, value in summary(values).items()}
        report[name]["unit"] = "ms"
    chat = report["icpbot_chat_first_output"]["median"]
    report["chat_minus_python_pass_ms"] = round(chat - report["python_pass"]["median"], 1)
    report["chat_over_import_telegram"] = round(
        chat / report["python_import_telegram"]["median"], 2)
    report["top_imports_cumulative"] = top
    report["jieba_loaded_at_start"] = jieba
    report["targets"] = {"chat_first_output_lt_1s": chat < 1000 * TARGET_S,
                         "jieba_not_loaded": not jieba}
    print(json.dumps(report, indent=2))
    print(f"startup: icpbot chat first output {chat:.0f} ms median "
          f"({report['icpbot_chat_first_output']['min']:.0f}–"
          f"{report['icpbot_chat_first_output']['max']:.0f}; target < 1000); python -c pass "
          f"{report['python_pass']['median']:.0f} ms, import telegram "
          f"{report['python_import_telegram']['median']:.0f} ms; jieba loaded: {jieba}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

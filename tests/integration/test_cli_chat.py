"""The terminal chat as a user's script drives it: `icpbot chat --json` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.autopilot import photo
from storage.crypto import Cipher

ENTITY_ANSWERS = [
    {"press": "menu:new"}, {"press": "flow:first_filing"}, {"press": "ans:CN-BJ"},
    {"press": "ans:individual"}, {"text": "张三"}, {"press": "ans:resident_id"},
    {"text": "11010519491231002X"}, {"text": "长期"}, {"text": "北京市朝阳区建国路100号"},
    {"press": "ans:same"},
]
ID_FRONT, ID_BACK = "/tmp/icpbot-test-id-front.jpg", "/tmp/icpbot-test-id-back.jpg"
REST_ANSWERS = [
    {"text": "13812345678"}, {"text": "zhang@example.com"}, {"text": "13912345678"},
    {"text": "美食分享日记"}, {"text": "1.2.3.4"}, {"text": "example.com"},
    {"press": "ans:entity"}, {"text": "2099-12-31"}, {"press": "ans:personal"},
    {"press": "ans:zh-Hans"}, {"press": "ans:none"}, {"press": "ans:no"},
    {"file": ID_FRONT}, {"file": ID_BACK}, {"press": "nav:skip"},
    {"press": "ans:mainland"}, {"press": "ans:subscription"},
    {"text": "32a43232-a888-88e8-b9ec-00888be81234"}, {"press": "nav:skip"},
    {"press": "nav:confirm"},
]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    Path(ID_FRONT).write_bytes(photo(tag="front"))
    Path(ID_BACK).write_bytes(photo(tag="back"))
    environment = dict(os.environ)
    environment.update(ICPBOT_DATA_DIR=str(tmp_path), ICPBOT_SECRET_KEY=Cipher.new_key(),
                       LANG="en_US.UTF-8")
    environment.pop("ICPBOT_DATABASE_URL", None)
    environment.pop("TELEGRAM_BOT_TOKEN", None)
    return environment


def icpbot(env: dict[str, str], *args: str, lines: list[dict[str, str]] | None = None
           ) -> list[dict[str, object]]:
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines or [])
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    if "--json" not in args:
        return [{"text": done.stdout}]
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_scripted_chat_completes_a_filing_and_sees_the_approval(env: dict[str, str]) -> None:
    replies = icpbot(env, "chat", "--json", "--lang", "en",
                     lines=ENTITY_ANSWERS + REST_ANSWERS)
    texts = [str(r["text"]) for r in replies]
    assert any("IP address cannot be filed" in t for t in texts)
    submitted = next(t for t in texts if t.startswith("Submitted!"))
    order_id = submitted.split("order number is ")[1].split(".")[0]

    listing = icpbot(env, "review", "list")[0]["text"]
    assert order_id in str(listing)
    for action in ("approve", "sms-verified", "administration-approve"):
        icpbot(env, "review", action, order_id)

    later = icpbot(env, "chat", "--json", "--lang", "en")
    notes = [str(r["text"]) for r in later if r.get("notification")]
    assert any("京ICP备" in n and "beian.miit.gov.cn" in n for n in notes)
    assert any("24 hours" in n or "12381" in n for n in notes)


def test_restarted_chat_resumes_at_the_same_step_with_answers_kept(env: dict[str, str]) -> None:
    icpbot(env, "chat", "--json", "--lang", "en", lines=ENTITY_ANSWERS)
    replies = icpbot(env, "chat", "--json", "--lang", "en", lines=REST_ANSWERS)
    texts = [str(r["text"]) for r in replies]
    assert "Mobile number" in texts[1]  # straight back to the step after the address
    assert any(t.startswith("Submitted!") for t in texts)


def test_review_of_an_unknown_order_explains_why(env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "review", "approve", "NOPE"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "No order NOPE" in done.stdout

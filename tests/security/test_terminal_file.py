"""Attack 12: `/file /dev/zero` in the terminal chat crashed it with MemoryError, and a failed
`/file` at a text step was saved as the answer ("Remarks: /file /no/such/scan.pdf: No such
file or directory"). Only regular files up to the upload limit are read; a refused /file is
said in the terminal and never reaches the conversation."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest

from bot.terminal import FileRefused, parse_input, run_chat
from dialogs.materials import MAX_BYTES
from dialogs.messages import File
from tests.samples import JPEG
from tests.security.support import sqlite_app


def _refusals(tmp_path: Path) -> dict[str, str]:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sparse = tmp_path / "huge.pdf"
    with sparse.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    return {"/dev/zero": "not a regular file", str(tmp_path): "not a regular file",
            str(fifo): "not a regular file", str(sparse): "larger than 20 MB",
            "/no/such/scan.pdf": "No such file"}


def test_only_regular_files_up_to_the_limit_are_read(tmp_path: Path) -> None:
    for path, reason in _refusals(tmp_path).items():
        started = time.monotonic()
        with pytest.raises(FileRefused) as refused:
            parse_input(f"/file {path}", None, json_mode=False)
        said = refused.value.msgid.format(**refused.value.params)
        assert reason in said and time.monotonic() - started < 1.0, path
    photo = tmp_path / "id.jpg"
    photo.write_bytes(JPEG)
    assert parse_input(f"/file {photo}", None, json_mode=False) == File("id.jpg", "image/jpeg",
                                                                        JPEG)


async def test_a_failed_file_at_a_text_step_is_not_saved_as_the_answer(tmp_path: Path) -> None:
    app = sqlite_app(tmp_path / "data")
    lines = [{"press": "menu:new"}, {"press": "flow:first_filing"}, {"press": "ans:CN-ZJ"},
             {"press": "ans:individual"}, {"file": "/no/such/scan.pdf"},
             {"file": "/dev/zero"}]
    stdin = io.StringIO("".join(json.dumps(line) + "\n" for line in lines))
    stdout = io.StringIO()
    await run_chat(app.engine, app.relay, "local", "en", True, stdin=stdin, stdout=stdout)
    printed = [json.loads(line)["text"] for line in stdout.getvalue().splitlines()]
    assert any("No such file" in text for text in printed)
    assert any("not a regular file" in text for text in printed)
    [draft] = app.store.drafts_of("terminal:local")
    assert "/file" not in json.dumps(draft.answers, ensure_ascii=False)
    assert not any(isinstance(value, str) and "scan.pdf" in value
                   for value in draft.answers.values())

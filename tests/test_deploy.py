"""The deployment kit stays consistent with the product: the compose file (checked by
`docker compose config` where the client can, and by its structure always), the Dockerfile
and the systemd units use commands and paths that exist."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "deploy" / "compose.yaml"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
DOCKERFILE = ROOT / "Dockerfile"
ENV = {"POSTGRES_PASSWORD": "test", "PUBLIC_HOST": "bot.example.com",
       "TELEGRAM_BOT_TOKEN": "123:abc", "ICPBOT_WEBHOOK_SECRET": "secret",
       "ICPBOT_SECRET_KEY": "key"}


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(COMPOSE.read_text())


def compose_client() -> list[str] | None:
    """`docker compose` (v2 plugin) or `docker-compose` (v1), if either answers."""
    for argv in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(argv[0]) is None:
            continue
        if subprocess.run([*argv, "version"], capture_output=True,
                          check=False).returncode == 0:
            return argv
    return None


def test_docker_compose_config_accepts_the_file(tmp_path: Path) -> None:
    client = compose_client()
    if client is None:
        pytest.skip("no docker compose client here; the structure test below still runs")
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in ENV.items()))
    done = subprocess.run([*client, "-f", str(COMPOSE), "--env-file", str(env_file),
                           "config", "--quiet"], capture_output=True, text=True,
                          cwd=ROOT, check=False, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr


def test_compose_runs_workers_one_relay_postgres_and_caddy() -> None:
    services = compose()["services"]
    assert {"db", "migrate", "bot", "relay", "desk", "caddy"} <= set(services)
    bot, relay = services["bot"], services["relay"]
    assert bot["command"][0] == "run" and "--no-relay" in bot["command"]
    assert bot["deploy"]["replicas"] >= 2
    assert relay["command"] == ["dispatch"]
    assert services["migrate"]["command"] == ["db", "upgrade"]
    for name in ("bot", "relay", "desk", "migrate"):
        environment = services[name]["environment"]
        assert environment["ICPBOT_DATABASE_URL"].startswith("postgresql://icpbot:")
        assert "icpbot-data:/var/lib/icpbot" in services[name]["volumes"]
    assert services["bot"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully")
    assert services["caddy"]["ports"] == ["80:80", "443:443"]
    assert "5432:5432" not in str(services["db"])  # the database is not published
    assert "db" in services["migrate"]["depends_on"]


def test_compose_passes_every_setting_of_the_product() -> None:
    import re

    config = (ROOT / "bot" / "config.py").read_text()
    variables = set(re.findall(r'"((?:ICPBOT|TELEGRAM)_[A-Z_]+)"', config))
    passed = set(compose()["services"]["bot"]["environment"])
    assert variables <= passed, variables - passed


def test_caddy_proxies_the_webhook_path_the_workers_serve_and_the_desk() -> None:
    caddy = CADDYFILE.read_text()
    webhook = next(arg for arg in compose()["services"]["bot"]["command"]
                   if arg.startswith("https://"))
    path = "/" + webhook.split("/", 3)[3]
    assert f"handle {path} {{" in caddy
    assert "dynamic a bot 8443" in caddy and "desk:8080" in caddy
    assert "/metrics" not in caddy.replace("/metrics and /readyz stay", "")


def test_dockerfile_is_multi_stage_and_runs_as_an_unprivileged_user() -> None:
    text = DOCKERFILE.read_text()
    assert text.count("\nFROM ") + text.startswith("FROM ") >= 2
    assert "AS build" in text and "COPY --from=build" in text
    user = [line.split()[1] for line in text.splitlines() if line.startswith("USER ")]
    assert user and user[-1] not in ("root", "0")
    assert 'ENTRYPOINT ["icpbot"]' in text and "postgresql-client" in text


@pytest.mark.parametrize("unit", sorted((ROOT / "deploy" / "systemd").glob("*.service")),
                         ids=lambda path: path.name)
def test_systemd_units_run_icpbot_unprivileged(unit: Path) -> None:
    text = unit.read_text()
    assert "User=icpbot" in text and "NoNewPrivileges=yes" in text
    assert "ExecStart=/opt/icpbot/bin/icpbot " in text
    assert "ReadWritePaths=/var/lib/icpbot" in text

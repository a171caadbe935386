"""``icpbot``: the product's command line (see README for every command)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
from typing import TYPE_CHECKING, Any

from bot.config import ConfigError, Settings

if TYPE_CHECKING:
    from bot.bootstrap import App
    from storage.reviewers import SqlReviewerAccounts


def _add_kb_parser(commands: Any) -> None:
    kb = commands.add_parser("kb", help="the knowledge base")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    ask = kb_commands.add_parser("ask", help="answer a regulation question")
    ask.add_argument("question")
    ask.add_argument("--lang", choices=["en", "zh"])
    ask.add_argument("--region")
    ask.add_argument("--json", action="store_true")


def _kb_only_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="icpbot", description="ICP Filing Assistant")
    _add_kb_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def _parser() -> argparse.ArgumentParser:
    from bot import ops_cli, review_desk
    from bot.web import commands as web_commands

    parser = argparse.ArgumentParser(prog="icpbot", description="ICP Filing Assistant")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="talk to the assistant in this terminal")
    chat.add_argument("--user", default="local")
    chat.add_argument("--lang", choices=["en", "zh"])
    chat.add_argument("--json", action="store_true", help="one JSON object per line")
    run = commands.add_parser("run", help="run the Telegram bot")
    run.add_argument("--webhook-url")
    run.add_argument("--listen", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8443)
    run.add_argument("--no-relay", action="store_true",
                     help="do not send notifications from this worker (see icpbot dispatch)")
    run.add_argument("--health-port", type=int,
                     help="polling mode: serve /healthz, /readyz and /metrics on this port")
    review_desk.add_parser(commands)
    web_commands.add_parsers(commands)
    _add_kb_parser(commands)
    db = commands.add_parser("db", help="the database")
    db.add_subparsers(dest="db_command", required=True).add_parser("upgrade")
    callback = commands.add_parser("callback", help="the back office's signed HTTP callback")
    serve = callback.add_subparsers(dest="callback_command", required=True).add_parser("serve")
    serve.add_argument("--listen", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8088)
    keys = commands.add_parser("keys", help="encryption keys of personal data")
    rotate = keys.add_subparsers(dest="keys_command", required=True).add_parser(
        "rotate", help="re-encrypt everything with a new key")
    rotate.add_argument("--new-key", help="the new Fernet key (default: generate one)")
    rotate.add_argument("--pickup-wait", type=float, help=argparse.SUPPRESS)  # tests
    dispatch = commands.add_parser("dispatch", help="run the notification relay on its own")
    dispatch.add_argument("--once", action="store_true", help="send what is due, then exit")
    ops_cli.add_parsers(commands)
    link = commands.add_parser("link", help="a deep link into the bot (t.me/<bot>?start=…)")
    link_kinds = link.add_subparsers(dest="link_command", required=True)
    flow_link = link_kinds.add_parser("flow", help="a link that starts a filing operation")
    flow_link.add_argument("flow", help="e.g. first_filing")
    fix_link = link_kinds.add_parser("fix", help="a signed link to a returned order's fixes")
    fix_link.add_argument("order")
    fix_link.add_argument("--days", type=float, default=30, help="how long it works")
    link.add_argument("--bot", required=True, help="the bot's username")
    parser.add_argument("--lang", dest="ui_lang", choices=["en", "zh"],
                        help="language of the command line's own output")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:2] == ["kb", "ask"]:
        # A knowledge-base question needs no database: skip the storage imports (~0.5 s)
        # so that `icpbot kb ask` answers as a fresh process in well under a second.
        logging.basicConfig(level=logging.WARNING)
        return _kb(_kb_only_parser().parse_args(arguments))
    from bot import logs, ops_cli, review_desk
    from bot.web import commands as web_commands

    args = _parser().parse_args(arguments)
    if args.command == "kb":
        return _kb(args)
    if args.command in ops_cli.COMMANDS:
        logs.configure("text", logging.WARNING)
        return ops_cli.run(args)
    try:  # every setting checked, all problems reported, before the database is touched
        settings = Settings.from_env()
    except ConfigError as error:
        return ops_cli.report_config_errors(error)
    logs.configure(settings.log_format, logging.INFO if args.command in ("run", "dispatch")
                   else logging.WARNING)
    from bot import bootstrap
    from storage.keys import KeyProblem

    try:
        if args.command == "keys":
            return _rotate_keys(settings, args)
        if args.command == "db":
            url = bootstrap.migrate(settings)
            print(f"database is up to date: {url.split('@')[-1]}")
            return 0
        app = bootstrap.build(settings)
    except KeyProblem as problem:  # a missing or wrong key: say how to restore it
        print(problem, file=sys.stderr)
        return 2
    from bot.i18n import system_default, translator

    ui_locale = {"en": "en", "zh": "zh_Hans"}.get(args.ui_lang or "", system_default())
    if args.command == "review":
        return review_desk.run(app.filing, args, translator(ui_locale), ui_locale)
    if args.command == "chat":
        return _chat(app, args)
    if args.command == "dispatch":
        return _dispatch(app, args)
    if args.command == "run":
        return _run(app, args)
    if args.command == "callback":
        return _serve_callback(app, args)
    if args.command == "web":
        return web_commands.serve(app, args)
    if args.command == "reviewers":
        return web_commands.manage(_reviewer_accounts(app), args)
    if args.command == "link":
        return _link(app, args)
    return 2


def _reviewer_accounts(app: App) -> SqlReviewerAccounts:
    from storage.reviewers import SqlReviewerAccounts

    return SqlReviewerAccounts(app.sessions, app.cipher)


def _link(app: App, args: argparse.Namespace) -> int:
    from bot.tg.deeplinks import DeepLinks

    links = DeepLinks(app.settings.keys(), app.flows.keys())
    try:
        payload = (links.flow_payload(args.flow) if args.link_command == "flow"
                   else links.fix_payload(args.order, args.days * 86400))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(links.url(args.bot, payload))
    return 0


def _chat(app: App, args: argparse.Namespace) -> int:
    from bot.i18n import system_default
    from bot.terminal import run_chat

    locale = {"en": "en", "zh": "zh_Hans"}.get(args.lang or "", system_default())
    app.warm_up_knowledge()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_chat(app.engine, app.relay, args.user, locale, args.json,
                             explicit_locale=bool(args.lang), scan=app.housekeeping))
    return 0


def _dispatch(app: App, args: argparse.Namespace) -> int:
    if not app.settings.telegram_token:
        print("icpbot dispatch needs TELEGRAM_BOT_TOKEN to send to Telegram.", file=sys.stderr)
        return 2
    from bot.tg.app import dispatch

    return dispatch(app, once=args.once)


def _run(app: App, args: argparse.Namespace) -> int:
    if not app.settings.telegram_token:
        print("icpbot run needs TELEGRAM_BOT_TOKEN; without it use `icpbot chat`.",
              file=sys.stderr)
        return 2
    from bot.tg.app import run_bot

    return run_bot(app, webhook_url=args.webhook_url, listen=args.listen, port=args.port,
                   relay=not args.no_relay, health_port=args.health_port)


def _rotate_keys(settings: Settings, args: argparse.Namespace) -> int:
    """Crash-safe rotation (storage/rotation.py): with the key file, the new key is stored
    beside the old before anything is re-encrypted; with ICPBOT_SECRET_KEY the operator puts
    the new key in front first, since this process cannot change the environment."""
    from bot import bootstrap
    from storage.crypto import Cipher
    from storage.db import make_engine
    from storage.keys import check_opens_stored_data, missing_key_file, personal_data_present
    from storage.rotation import reencrypt_everything, rotate_key_file

    engine = make_engine(bootstrap.migrate(settings))
    materials = settings.data_dir / "materials"
    if settings.secret_key:
        keys = settings.keys()
        if len(keys) < 2:
            print("ICPBOT_SECRET_KEY holds one key. Put a new key in front of it, restart the "
                  "bot with both, then run this again:\n"
                  f"ICPBOT_SECRET_KEY={args.new_key or Cipher.new_key()},<the current key>",
                  file=sys.stderr)
            return 2
        check_opens_stored_data(engine, Cipher(*keys), materials)
        counts = reencrypt_everything(engine, Cipher(*keys), materials)
        _print_counts(counts)
        print("Everything is sealed with the first key now; set ICPBOT_SECRET_KEY to it alone.")
        return 0
    if not settings.key_file.exists() and personal_data_present(engine, materials):
        raise missing_key_file(settings.key_file)
    settings.keys()  # the key file, made when there is no data yet
    rotation = rotate_key_file(settings.key_file, engine, materials, args.new_key,
                               args.pickup_wait)
    _print_counts(rotation.counts)
    finished = "finished the interrupted rotation" if rotation.resumed else "rotated"
    print(f"{finished}: the new key is in {settings.key_file} (the old one is gone)")
    return 0


def _print_counts(counts: dict[str, int]) -> None:
    print("re-encrypted: " + ", ".join(f"{name} {count}" for name, count in counts.items()))


def _serve_callback(app: App, args: argparse.Namespace) -> int:
    if not app.settings.callback_secret:
        print("set ICPBOT_CALLBACK_SECRET to accept signed callbacks.", file=sys.stderr)
        return 2
    from bot.callback_api import make_callback_app
    from bot.http_guard import serve_until_signalled

    asyncio.run(serve_until_signalled(make_callback_app(app.filing,
                                                        app.settings.callback_secret),
                                      args.listen, args.port))
    return 0


def _kb(args: argparse.Namespace) -> int:
    from knowledge import KnowledgeBase

    answer = KnowledgeBase.load().ask(args.question, lang=args.lang, region=args.region)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(answer.as_text())
    return 0 if not answer.unknown else 1


if __name__ == "__main__":
    sys.exit(main())

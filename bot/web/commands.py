"""``icpbot web`` and ``icpbot reviewers``: serving the desk and managing its accounts."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from storage.reviewers import ROLES, ReviewerExists, SqlReviewerAccounts

LOCALES = {"en": "en", "zh": "zh_Hans"}


def add_parsers(commands: Any) -> None:
    web = commands.add_parser("web", help="serve the web review desk")
    web.add_argument("--listen", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8090)
    web.add_argument("--secure-cookies", action="store_true",
                     help="mark cookies Secure (the desk is served over HTTPS, e.g. by a proxy)")
    reviewers = commands.add_parser("reviewers", help="accounts of the web review desk")
    actions = reviewers.add_subparsers(dest="reviewers_command", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--password", help="without it, asked twice on standard input")
    add.add_argument("--lang", choices=list(LOCALES), default="en")
    add.add_argument("--role", choices=ROLES, default="reviewer")
    add.add_argument("--totp", action="store_true", help="require a one-time code (TOTP)")
    actions.add_parser("list", help="every account")
    actions.add_parser("disable", help="end an account's access at once").add_argument("name")


def serve(app: Any, args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.bootstrap import desk_app

    web.run_app(desk_app(app, secure_cookies=args.secure_cookies), host=args.listen,
                port=args.port, access_log=None)
    return 0


def manage(accounts: SqlReviewerAccounts, args: argparse.Namespace) -> int:
    command = args.reviewers_command
    if command == "list":
        for reviewer in accounts.all():
            state = "active" if reviewer.active else "disabled"
            totp = "totp" if reviewer.totp_secret else "-"
            print(f"{reviewer.name:24} {reviewer.role:9} {reviewer.locale:8} {state:9} {totp}")
        return 0
    if command == "disable":
        if not accounts.disable(args.name):
            print(f"no account {args.name}", file=sys.stderr)
            return 1
        print(f"{args.name} is disabled; their sessions end with their next request")
        return 0
    return _add(accounts, args)


def _add(accounts: SqlReviewerAccounts, args: argparse.Namespace) -> int:
    from bot.web.passwords import hash_password, new_totp_secret, totp_uri

    password = args.password if args.password is not None else _ask_password()
    if password is None:
        return 2
    try:
        hashed = hash_password(password)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    secret = new_totp_secret() if args.totp else None
    try:
        accounts.add(args.name, hashed, role=args.role, locale=LOCALES[args.lang],
                     totp_secret=secret)
    except ReviewerExists:
        print(f"an account {args.name} exists already", file=sys.stderr)
        return 1
    print(f"{args.role} {args.name} created")
    if secret:
        print(f"add this to the authenticator app: {totp_uri(secret, args.name)}")
    return 0


def _ask_password() -> str | None:
    """Twice, without echo on a terminal; from piped lines otherwise (scripts, tests)."""
    def read(prompt: str) -> str:
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        print(prompt, end="", file=sys.stderr, flush=True)
        return sys.stdin.readline().rstrip("\n")

    from bot.web.passwords import MIN_LENGTH

    first = read(f"Password (at least {MIN_LENGTH} characters): ")
    if first != read("Again: "):
        print("the two passwords differ", file=sys.stderr)
        return None
    return first

"""The operator's commands of ``icpbot``: config check, outbox, backup, restore, prune.

Kept apart from bot/cli.py (which only registers and dispatches them) so that the product's
conversation commands and the operator's tools change independently.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.config import ConfigError, Settings, effective

COMMANDS = ("config", "outbox", "backup", "restore", "prune")


def add_parsers(commands: Any) -> None:
    config = commands.add_parser("config", help="the configuration")
    check = config.add_subparsers(dest="config_command", required=True).add_parser(
        "check", help="print the effective configuration (secrets hidden); exit 1 on errors")
    check.add_argument("--quiet", action="store_true", help="print only the errors")

    outbox = commands.add_parser("outbox", help="stuck or dead notifications")
    verbs = outbox.add_subparsers(dest="outbox_command", required=True)
    listing = verbs.add_parser("list", help="notifications not yet sent")
    listing.add_argument("--status", choices=["pending", "sending", "dead", "sent", "all"],
                         default=None, help="default: everything not sent")
    listing.add_argument("--limit", type=int, default=50)
    retry = verbs.add_parser("retry", help="send these again now (dead ones included)")
    retry.add_argument("ids", nargs="*", type=int)
    retry.add_argument("--all-dead", action="store_true", help="every dead notification")
    drop = verbs.add_parser("drop", help="give up on these (marked dead, never sent)")
    drop.add_argument("ids", nargs="+", type=int)

    backup = commands.add_parser("backup", help="database, materials and key in one file")
    backup.add_argument("--output", "-o", help="default: icpbot-backup-<UTC time>.tar.gz")
    restore = commands.add_parser("restore", help="put a backup back (stop the bot first)")
    restore.add_argument("file")
    restore.add_argument("--force", action="store_true",
                         help="replace a database that already holds data")

    prune = commands.add_parser("prune", help="delete what the retention settings no longer "
                                "keep (the relay does this every hour by itself)")
    prune.add_argument("--dry-run", action="store_true", help="only count")


def run(args: argparse.Namespace) -> int:
    """Entry for the commands in COMMANDS; settings are read here, errors reported."""
    if args.command == "config":
        return config_check(quiet=args.quiet)
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        return report_config_errors(error)
    if args.command == "outbox":
        import bot.outbox_cli as outbox_cli

        return outbox_cli.run(settings, args)
    if args.command in ("backup", "restore"):
        import bot.backup as backup

        if args.command == "backup":
            return backup.backup_command(settings, args.output)
        return backup.restore_command(settings, args.file, force=args.force)
    if args.command == "prune":
        import bot.housekeeping as housekeeping

        return housekeeping.prune_command(settings, dry_run=args.dry_run)
    return 2


def report_config_errors(error: ConfigError) -> int:
    count = len(error.problems)
    print(f"icpbot: {count} problem{'s' if count != 1 else ''} in the configuration "
          "(environment and .env); nothing was started:", file=sys.stderr)
    for problem in error.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 2


def config_check(*, quiet: bool = False) -> int:
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        report_config_errors(error)
        return 1
    if not quiet:
        values = effective(settings)
        width = max(len(name) for name in values)
        for name, value in values.items():
            print(f"{name.ljust(width)}  {value}")
        print("configuration is valid")
    return 0

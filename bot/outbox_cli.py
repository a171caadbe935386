"""``icpbot outbox list|retry|drop``: stuck or dead notifications, for the operator."""

from __future__ import annotations

import argparse

from bot.config import Settings
from storage.outbox_admin import OutboxAdmin, OutboxEntry


def _admin(settings: Settings) -> OutboxAdmin:
    from bot import bootstrap

    return OutboxAdmin(bootstrap.build(settings).sessions)


def _line(entry: OutboxEntry) -> str:
    due = entry.available_at.strftime("%Y-%m-%d %H:%M:%S") if entry.available_at else "-"
    error = f"  {entry.last_error}" if entry.last_error else ""
    return (f"{entry.id:>7}  {entry.status:<8} {entry.attempts:>3}  {due}  "
            f"{entry.event:<22} {entry.recipient:<24} {entry.order_id or '-'}{error}")


def run(settings: Settings, args: argparse.Namespace) -> int:
    admin = _admin(settings)
    if args.outbox_command == "list":
        entries = admin.list(args.status, args.limit)
        if not entries:
            print("nothing waiting" if args.status is None else "no notifications")
            return 0
        print(f"{'id':>7}  {'status':<8} {'try':>3}  {'due (UTC)':<19}  {'event':<22} "
              f"{'recipient':<24} order  last error")
        for entry in entries:
            print(_line(entry))
        return 0
    if args.outbox_command == "retry":
        if not args.ids and not args.all_dead:
            print("name the notifications to send again (ids from `icpbot outbox list`) "
                  "or use --all-dead")
            return 2
        count = admin.retry(args.ids, all_dead=args.all_dead)
        print(f"{count} notification{'s' if count != 1 else ''} will be sent again now")
        return 0 if count or args.all_dead else 1
    if args.outbox_command == "drop":
        count = admin.drop(args.ids)
        print(f"{count} notification{'s' if count != 1 else ''} dropped (marked dead)")
        return 0 if count else 1
    return 2

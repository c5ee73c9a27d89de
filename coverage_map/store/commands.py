"""The command line of publishing: ``python -m coverage_map users|publish|versions|rollback|
backup|restore`` (registered by ``coverage_map.__main__``).

Exit codes: 0 done, 1 refused (the message says why), 2 bad arguments, 3 the database cannot
be reached.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coverage_map.data import io, upload
from coverage_map.language.i18n import fmt_date, t
from coverage_map.store import accounts, backup, db, versions


def register(commands) -> None:
    users = commands.add_parser("users", help="editor accounts").add_subparsers(
        dest="action", required=True)
    add = users.add_parser("add", help="make an editor account")
    add.add_argument("name")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--province", choices=accounts.PROVINCES)
    where.add_argument("--admin", action="store_true", help="an editor of every province")
    add.add_argument("--password-stdin", action="store_true", required=True)
    users.add_parser("list", help="the accounts")
    users.add_parser("disable", help="close an account").add_argument("name")
    passwd = users.add_parser("passwd", help="set a new password")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", required=True)

    pub = commands.add_parser("publish", help="publish a table of figures as a new version")
    pub.add_argument("file", type=Path)
    pub.add_argument("--as", dest="editor", required=True)
    pub.add_argument("--source", required=True, help="where the table comes from")
    pub.add_argument("--as-of", default="", help="the table's date, when the file has none")
    commands.add_parser("versions", help="every published version")
    back = commands.add_parser("rollback", help="make version N current again")
    back.add_argument("number", type=int)
    back.add_argument("--as", dest="editor", required=True)
    commands.add_parser("backup", help="the whole database to a file").add_argument(
        "file", type=Path)
    commands.add_parser("restore", help="the database from a backup file").add_argument(
        "file", type=Path)


COMMANDS = ("users", "publish", "versions", "rollback", "backup", "restore")


def run(args: argparse.Namespace) -> int:
    try:
        return _RUN[args.command](args)
    except db.Unavailable as exc:
        print(t("store_unavailable_cli", problem=str(exc)), file=sys.stderr)
        return 3
    except db.Refused as exc:
        print(t(exc.key, **exc.values), file=sys.stderr)
        for row in getattr(exc, "rows", []):
            print(f"  - {row}", file=sys.stderr)
        return 1


def _users(args) -> int:
    if args.action == "list":
        for acc in accounts.listing():
            where = acc["province"] or t("acc_all_provinces")
            state = t("acc_disabled") if acc["disabled"] else ""
            print("\t".join(x for x in (acc["name"], where, state) if x))
        return 0
    if args.action == "disable":
        accounts.disable(args.name)
        print(t("acc_disabled_done", name=args.name))
        return 0
    password = sys.stdin.readline().rstrip("\n")
    if args.action == "add":
        accounts.add(args.name, None if args.admin else args.province, password)
        print(t("acc_added", name=args.name))
    else:
        accounts.set_password(args.name, password)
        print(t("acc_passwd_done", name=args.name))
    return 0


def _editor(name: str) -> accounts.Editor:
    editor = accounts.editor(name)
    if editor is None:
        raise accounts.AccountError("acc_unknown", name=name)
    return editor


def _publish(args) -> int:
    editor = _editor(args.editor)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    report = upload.validate(data, args.file.name, io.region_table(),
                             as_of=upload.parse_date(args.as_of) if args.as_of else "")
    if not report.usable:
        print(report.to_text(), file=sys.stderr)
        return 1
    number = versions.publish(report.figures, editor, args.source, args.file.name, data)
    print(number)
    return 0


def _versions(args) -> int:
    for v in versions.listing():
        what = (t("pub_rollback_to", n=v.rollback_to) if v.rollback_to is not None
                else t("pub_rows", n=v.row_count, file=v.file_name))
        print(f"{v.number}\t{fmt_date(accounts.local(v.created_at).date().isoformat())}\t"
              f"{v.editor}\t"
              f"{v.source}\t{what}")
    return 0


def _rollback(args) -> int:
    print(versions.rollback(args.number, _editor(args.editor)))
    return 0


def _backup(args) -> int:
    counts = backup.backup(args.file)
    print(t("bk_done", file=str(args.file), versions=counts["versions"]))
    return 0


def _restore(args) -> int:
    counts = backup.restore(args.file)
    print(t("bk_restored", file=str(args.file), versions=counts["versions"]))
    return 0


_RUN = {"users": _users, "publish": _publish, "versions": _versions, "rollback": _rollback,
        "backup": _backup, "restore": _restore}

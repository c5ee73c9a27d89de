"""Command line: ``python -m coverage_map validate FILE [--json] [--lang id|en]``; publishing
(``users``, ``publish``, ``versions``, ``rollback``, ``backup``, ``restore``) is in
``coverage_map.store.commands``.

Prints the upload validation report (rows read, matched rows with their Kemendagri code,
unmatched rows with candidates, errors and warnings with locations) and exits 1 when nothing in
the file can be used, 2 for bad arguments. This interface is stable; other tools rely on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coverage_map.data import io, upload
from coverage_map.language.i18n import LANGS, set_language
from coverage_map.store import commands as store_commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coverage_map")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a CSV/XLSX file of figures")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true", help="machine-readable report")
    check.add_argument("--lang", choices=LANGS, default="id")
    store_commands.register(commands)
    parser.add_argument("--lang", choices=LANGS, default="id", dest="cli_lang")
    args = parser.parse_args(argv)
    set_language(getattr(args, "lang", None) or args.cli_lang)
    if args.command in store_commands.COMMANDS:
        return store_commands.run(args)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    report = upload.validate(data, args.file.name, io.region_table())
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) if args.json
          else report.to_text())
    return 0 if report.usable else 1


if __name__ == "__main__":
    sys.exit(main())

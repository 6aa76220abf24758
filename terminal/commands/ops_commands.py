"""``doctor``, ``backup`` and ``restore``: the commands IT staff run on a hall's terminals."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from terminal import authority, backup, diagnostics, doctor
from terminal.clock import now
from terminal.context import Context
from terminal.i18n import tr


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("doctor", parents=[common], help=tr("help.doctor"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--bundle", type=Path, help=tr("help.doctor.bundle"))
    p.set_defaults(run=cmd_doctor)
    p = commands.add_parser("backup", parents=[common], help=tr("help.backup"))
    p.add_argument("file", type=Path)
    p.set_defaults(run=cmd_backup)
    p = commands.add_parser("restore", parents=[common], help=tr("help.restore"))
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true", help=tr("help.restore.force"))
    p.set_defaults(run=cmd_restore)


def cmd_doctor(ctx: Context, args: argparse.Namespace) -> int:
    patient = doctor.Patient(ctx.data_dir, ctx.config_path)
    checks = doctor.examine(patient)
    if args.json:
        print(
            json.dumps(
                {"worst": doctor.worst(checks).value, "checks": [c.to_json() for c in checks]},
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        print(tr("doctor.heading", time=now().strftime("%Y-%m-%d %H:%M")))
        for c in checks:
            print(f"[{tr('doctor.status.' + c.status.value)}] {c.id}: {c.summary}")
            if c.fix:
                print("        " + tr("doctor.fix_label", fix=c.fix))
    if args.bundle:
        path = diagnostics.write_bundle(args.bundle, patient, checks)
        if not args.json:
            print(tr("doctor.bundle_written", path=str(path)))
    return 1 if doctor.worst(checks) is doctor.Status.FAILURE else 0


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    info = backup.backup(ctx.db_path, args.file)
    print(
        tr(
            "backup.done",
            path=str(info.path),
            cases=info.cases,
            unsent=info.unsent,
            entries=info.journal_entries,
            terminal=info.terminal or "-",
        )
    )
    return 0


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    found = backup.inspect(args.file)  # a file that is no backup is refused before anyone signs in
    if found.terminal and found.terminal != ctx.config.terminal_id:  # nor one of another terminal
        raise backup.BackupError(
            "backup.other_terminal",
            path=str(args.file),
            found=found.terminal,
            expected=ctx.config.terminal_id,
        )
    actor = authority.sign_for_restore(ctx)
    ctx.close_store()  # the restore replaces the file under this connection
    done = backup.restore(
        args.file,
        ctx.db_path,
        actor=actor,
        terminal=ctx.config.terminal_id,
        at=now(),
        force=args.force,
    )
    print(tr("backup.restored", cases=done.info.cases, unsent=done.info.unsent))
    if done.kept is not None:
        print(tr("backup.kept", path=str(done.kept)))
    return 0

"""``init``, ``id``, ``catalogue``, ``clerk``, ``case`` and ``journal``: the core's commands."""

from __future__ import annotations

import argparse
import json
from importlib.metadata import entry_points
from typing import Any

from terminal import (
    authority,
    calendar_versions,
    casebook,
    catalogue,
    catalogue_versions,
    clerks,
    config,
    importer,
    journal,
    private,
)
from terminal.clock import now
from terminal.context import Context
from terminal.fees import yuan
from terminal.i18n import current_language, tr
from terminal.identity import IdNumberInvalid, Sex, check_id_number


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    def add(name: str, help_id: str, parent: Any = commands) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=tr(help_id))
        return p

    p = add("init", "help.init")
    p.add_argument("--terminal-id", help=tr("help.init.terminal_id"))
    p.set_defaults(run=cmd_init)

    id_cmd = add("id", "help.id").add_subparsers(metavar="ACTION")
    p = add("check", "help.id.check", id_cmd)
    p.add_argument("number")
    p.set_defaults(run=cmd_id_check)

    cat = add("catalogue", "help.catalogue").add_subparsers(metavar="ACTION")
    add("list", "help.catalogue.list", cat).set_defaults(run=cmd_catalogue_list)
    p = add("show", "help.catalogue.show", cat)
    p.add_argument("code")
    p.set_defaults(run=cmd_catalogue_show)

    clerk = add("clerk", "help.clerk").add_subparsers(metavar="ACTION")
    p = add("add", "help.clerk.add", clerk)
    p.add_argument("name", help=tr("help.clerk.name"))
    p.add_argument("--role", choices=[r.value for r in clerks.Role], required=True)
    p.add_argument("--display-name", default="")
    p.set_defaults(run=cmd_clerk_add)
    add("list", "help.clerk.list", clerk).set_defaults(run=cmd_clerk_list)
    p = add("unlock", "help.clerk.unlock", clerk)
    p.add_argument("name")
    p.set_defaults(run=cmd_clerk_unlock)
    p = add("role", "help.clerk.role", clerk)
    p.add_argument("name")
    p.add_argument("role", choices=[r.value for r in clerks.Role])
    p.set_defaults(run=cmd_clerk_role)

    case = add("case", "help.case").add_subparsers(metavar="ACTION")
    p = add("import", "help.case.import", case)
    p.add_argument("file")
    p.set_defaults(run=cmd_case_import)
    p = add("list", "help.case.list", case)
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(run=cmd_case_list)

    jr = add("journal", "help.journal").add_subparsers(metavar="ACTION")
    add("verify", "help.journal.verify", jr).set_defaults(run=cmd_journal_verify)


def out(text: str) -> None:
    print(text)


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    ctx.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if ctx.config_path.exists():
        out(tr("init.config_kept", path=str(ctx.config_path)))
    else:
        cfg = ctx.config
        if args.terminal_id:
            cfg = config.parse({**vars(cfg), "terminal_id": args.terminal_id}, "--terminal-id")
        private.write_bytes(ctx.config_path, config.default_text(cfg).encode("utf-8"))
        ctx.config = cfg
        out(tr("init.config_written", path=str(ctx.config_path)))
    fresh = not ctx.db_path.exists()
    store = ctx.store(create=True)
    if fresh:
        with store.write():
            journal.append(
                store.conn,
                at=now(),
                actor="system",
                terminal=ctx.config.terminal_id,
                action="store.created",
                subject=ctx.config.terminal_id,
            )
    out(tr("init.store_ready", path=str(ctx.db_path), version=store.schema_version()))
    if not clerks.has_clerks(store):
        out(tr("init.first_admin_hint", data_dir=str(ctx.data_dir)))
    return 0


def cmd_id_check(ctx: Context, args: argparse.Namespace) -> int:
    try:
        facts = check_id_number(args.number)
    except IdNumberInvalid as e:
        out(tr("id.invalid", reason=e.text()))
        return 1
    sex = tr("sex.male" if facts.sex is Sex.MALE else "sex.female")
    out(tr("id.valid", birth=facts.birth_date.isoformat(), sex=sex, area=facts.area_code))
    return 0


def _pick(zh: str, en: str) -> str:
    return zh if current_language() == "zh_CN" else en


def limit_text(days: int) -> str:
    return tr("catalogue.on_the_spot") if days == 0 else tr("catalogue.limit", days=days)


def _catalogue(ctx: Context) -> catalogue.Catalogue:
    """The catalogue in use: the newest the portal published and this store checked, or the
    shipped one (also before ``tongban init``)."""
    return catalogue_versions.current_in(ctx.db_path)


def cmd_catalogue_list(ctx: Context, args: argparse.Namespace) -> int:
    cat = _catalogue(ctx)
    out(
        tr(
            "catalogue.heading",
            version=cat.version,
            services=len(cat.services),
            bundles=len(cat.bundles),
        )
    )
    for s in cat.services.values():
        dept = _pick(s.department.name, s.department.name_en)
        out(
            f"  {s.code:<22} {_pick(s.name, s.name_en)}  [{dept}]  " + limit_text(s.time_limit_days)
        )
    out(tr("catalogue.bundles"))
    for b in cat.bundles.values():
        out(f"  {b.code:<22} {_pick(b.name, b.name_en)}  ({len(b.services)})")
    return 0


def cmd_catalogue_show(ctx: Context, args: argparse.Namespace) -> int:
    intake = _catalogue(ctx).intake(args.code)
    out(f"{intake.code}  {_pick(intake.name, intake.name_en)}")
    for s in intake.services:
        out(
            f"  · {_pick(s.name, s.name_en)} — {_pick(s.department.name, s.department.name_en)}, "
            + limit_text(s.time_limit_days)
            + f", ¥{s.fee_yuan}"
            + (f", {tr('fee.expedite', days=s.expedite.time_limit_days)}" if s.expedite else "")
        )
        if s.legal_basis:
            out(f"    {s.legal_basis}")
        if s.fee_by_answer or s.fee_basis:  # IT checks a published catalogue's fees here
            by = s.fee_by_answer
            amounts = [f"{v}={yuan(f)}" for v, f in by.fen.items()] if by else []
            parts = [*amounts, _pick(s.fee_basis, s.fee_basis_en)]
            out(f"    {tr('fee.basis')}" + " ".join(p for p in parts if p))
    out(tr("catalogue.questions"))
    for q in intake.questions:
        out(
            f"  {q.id}: {_pick(q.text, q.text_en)}  "
            + " / ".join(f"{o.value}={_pick(o.label, o.label_en)}" for o in q.options)
        )
    out(tr("catalogue.fields"))
    for f in intake.fields:
        star = "*" if f.required else " "
        out(f" {star}{f.id} ({f.type}): {_pick(f.label, f.label_en)}")
    out(tr("catalogue.materials"))
    for s in intake.services:
        if intake.bundle:
            out(f"  【{_pick(s.name, s.name_en)}】")
        for r in s.requirements:
            cond = " & ".join(f"{k}∈{{{','.join(v)}}}" for k, v in r.when.items()) or tr(
                "catalogue.always"
            )
            ecert = tr("catalogue.ecert_ok") if r.material.ecert else ""
            counts = tr("catalogue.counts", originals=r.originals, copies=r.copies)
            name = _pick(r.material.name, r.material.name_en)
            out(f"  {r.material.code:<12} {name}  {counts}  [{cond}] {ecert}")
    return 0


def cmd_clerk_add(ctx: Context, args: argparse.Namespace) -> int:
    role = clerks.Role(args.role)
    first = not clerks.has_clerks(ctx.store())
    if first:
        # Nobody can sign in yet: the first account is an admin, and names itself.
        if role is not clerks.Role.ADMIN:
            raise authority.AuthorityError("clerk.first_must_be_admin")
        actor = args.name
    else:
        # Only an admin makes an admin; a supervisor may add clerks and supervisors.
        need = (clerks.Role.ADMIN,) if role is clerks.Role.ADMIN else authority.SIGNERS
        actor = authority.sign_in(ctx, "clerk_add", need=need)
    password = authority.read_secret("clerk.new_password_prompt")
    clerks.add_clerk(
        ctx.store(),
        username=args.name,
        display_name=args.display_name,
        role=role,
        password=password,
        actor=actor,
        terminal=ctx.config.terminal_id,
        at=now(),
        first=first,
    )
    out(tr("clerk.first_admin" if first else "clerk.added", username=args.name, role=args.role))
    return 0


def cmd_clerk_list(ctx: Context, args: argparse.Namespace) -> int:
    for clerk, active, locked in clerks.list_clerks(ctx.store()):
        state = (
            tr("clerk.state_inactive")
            if not active
            else (tr("clerk.state_locked", until=locked) if locked else tr("clerk.state_active"))
        )
        out(f"{clerk.username:<20} {clerk.display_name:<12} {clerk.role.value:<10} {state}")
    return 0


def cmd_clerk_unlock(ctx: Context, args: argparse.Namespace) -> int:
    actor = authority.sign_in(ctx, "clerk_unlock")
    clerks.unlock(ctx.store(), args.name, actor=actor, terminal=ctx.config.terminal_id, at=now())
    out(tr("clerk.unlocked", username=args.name))
    return 0


def cmd_clerk_role(ctx: Context, args: argparse.Namespace) -> int:
    role = clerks.Role(args.role)
    current = {c.username: c.role for c, _a, _l in clerks.list_clerks(ctx.store())}
    touches_admin = clerks.Role.ADMIN in (role, current.get(args.name))
    need = (clerks.Role.ADMIN,) if touches_admin else authority.SIGNERS
    actor = authority.sign_in(ctx, "clerk_role", need=need)
    clerks.set_role(
        ctx.store(), args.name, role, actor=actor, terminal=ctx.config.terminal_id, at=now()
    )
    out(tr("clerk.role_changed", username=args.name, role=role.value))
    return 0


def cmd_case_import(ctx: Context, args: argparse.Namespace) -> int:
    from pathlib import Path

    actor = authority.sign_in(ctx, "import")
    result = importer.import_file(
        ctx.store(),
        Path(args.file),
        catalogue=catalogue_versions.current(ctx.store().conn),
        calendar=calendar_versions.in_force(ctx.store().conn, ctx.data_dir).calendar,
        terminal_id=ctx.config.terminal_id,
        actor=actor,
    )
    out(tr("import.done", count=len(result.receipt_nos)))
    for receipt in result.receipt_nos:
        out(f"  {receipt}")
    return 0


def cmd_case_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = list(casebook.iter_cases(ctx.store(), args.limit))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "receipt_no": r.receipt_no,
                        "service": r.intake_code,
                        "decision": r.decision,
                        "state": r.state,
                        "id_number": r.masked_id,
                        "received_at": r.received_at,
                        "paper_fallback": r.paper_fallback,
                        "portal_case_no": r.portal_case_no,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not rows:
        out(tr("case.none"))
    for r in rows:
        paper = tr("case.paper_mark") if r.paper_fallback else ""
        out(
            f"{r.receipt_no}  {r.received_at[:16].replace('T', ' ')}  {r.intake_code:<22} "
            f"{tr('state.' + r.state)}  {r.masked_id}{paper}"
        )
    return 0


def cmd_journal_verify(ctx: Context, args: argparse.Namespace) -> int:
    conn = ctx.store().conn
    verdict = journal.verify(conn)
    if verdict.ok:
        out(tr("journal.intact", count=verdict.count))
        # A consistent chain may still be a journal started afresh, restored from an old
        # backup or cut short: the anchors (the portal, through sync/) know its real head.
        anchored = True
        for ep in entry_points(group="tongban.journal_anchors"):
            found = ep.load()(ctx.data_dir, conn)
            out(found.message)
            anchored = anchored and found.ok is not False
        return 0 if anchored else 1
    out(
        tr(
            "journal.broken",
            seq=verdict.broken_seq,
            problem=tr("journal.problem." + verdict.problem),
            count=verdict.count,
        )
    )
    return 1

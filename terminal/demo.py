"""``./dev demo``: a walk through the terminal from the command line.

Until the clerk's window exists this shows what the core does, with the
commands IT staff use: set up a data folder, a clerk signs in, ID numbers are
checked, one citizen's application is decided three ways, paper cases are
back-entered, and the journal is verified. The sample citizens are invented.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import uuid
from datetime import timedelta
from pathlib import Path

from terminal import casebook, catalogue, clerks
from terminal.cases import Applicant, Capture, CaseInvalid, Decision, Handed, MaterialsGiven, decide
from terminal.cli import main as tongban
from terminal.clock import now
from terminal.identity import DocumentKind, check_character
from terminal.store import open_store
from terminal.workdays import default_calendar

ROOT = Path(__file__).resolve().parent.parent
SERVICE = "310104-GA-JZZ-0001"


def step(title: str) -> None:
    print(f"\n━━ {title} " + "━" * max(4, 60 - len(title) * 2))


def run(*argv: str) -> int:
    print("$ tongban " + " ".join(argv))
    return tongban(list(argv))


def run_with_input(lines: str, *argv: str) -> int:
    """A command that reads sign-ins and passwords from standard input (shown masked)."""
    lines_in = lines.split("\n")[:-1]
    shown = "\\n".join(line if line == "zhang.admin" else "********" for line in lines_in)
    print(f"$ printf '{shown}\\n' | tongban " + " ".join(argv))
    old, sys.stdin = sys.stdin, io.StringIO(lines)
    try:
        return tongban(list(argv))
    finally:
        sys.stdin = old


def invented_id(first17: str) -> str:
    return first17 + check_character(first17)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".demo-data")
    data = parser.parse_args().data_dir
    shutil.rmtree(data, ignore_errors=True)
    d = ["--data-dir", str(data)]

    step("1. 初始化终端 / set up a terminal")
    run("init", "--terminal-id", "XH-W03", *d)
    # The first account is an admin, who then signs for everyone else (docs/operations.md).
    run_with_input("admin-password\n", "clerk", "add", "zhang.admin", "--role", "admin", *d)
    as_admin = "zhang.admin\nadmin-password\n"
    run_with_input(as_admin + "demo-password\n", "clerk", "add", "wang.li", "--role", "clerk", *d)
    store = open_store(data / "tongban.db")

    step("2. 窗口人员登录 / a clerk signs in")
    try:
        clerks.authenticate(store, "wang.li", "wrong-password", terminal="XH-W03", at=now())
    except clerks.ClerkError as e:
        print(f"  密码输错一次 → {e}")
    clerk = clerks.authenticate(store, "wang.li", "demo-password", terminal="XH-W03", at=now())
    print(f"  登录成功：{clerk.display_name}（{clerk.role.value}）")

    step("3. 核验身份证号码 / check ID numbers")
    citizen = invented_id("31010419880516002")
    run("id", "check", citizen, *d)
    run("id", "check", citizen[:-1] + ("1" if citizen[-1] != "1" else "2"), *d)

    step("4. 事项目录 / the catalogue")
    run("catalogue", "show", SERVICE, *d)

    counter_case(store, citizen)

    step("6. 纸质补录 / back-entry of cases accepted on paper")
    example = str(ROOT / "docs" / "examples" / "case-import.json")
    run_with_input(as_admin, "case", "import", example, *d)

    step("7. 办件与留痕 / cases and the journal")
    run("case", "list", *d)
    print(f"  等待上报平台的办件：{casebook.outbox_waiting(store)}")
    run("journal", "verify", *d)
    store.close()
    print(f"\n演示数据在 {data}；可继续用 `tongban ... --data-dir {data}` 查看。")
    return 0


def counter_case(store: object, citizen: str) -> None:
    from terminal.store import Store

    assert isinstance(store, Store)
    cat = catalogue.load_default()
    step("5. 窗口受理 / one citizen at the counter")
    answers = {"jzz_apply_type": "first", "jzz_basis": "employment", "residence_type": "rented"}
    form = {
        "residence_address": "上海市徐汇区示例路88号",
        "residence_start_date": "2026-05-01",
        "applicant_phone": "13800000088",
    }
    applicant = Applicant(DocumentKind.RESIDENT_ID, "周示例", citizen)
    brought = MaterialsGiven(handed={"CL-SFZ": Handed(1, 0)})
    capture = Capture(str(uuid.uuid4()), SERVICE, applicant, answers, form, brought)
    print("  申请人只带了身份证，窗口人员尝试直接受理：")
    try:
        decide(cat, capture, Decision.ACCEPTED, received_at=now(), calendar=default_calendar())
    except CaseInvalid as e:
        print("  " + e.text().replace("\n", "\n  "))
    print("  → 出具一次性告知书（补正），列明全部缺少的材料：")
    notice = decide(
        cat, capture, Decision.NEEDS_CORRECTION, received_at=now(), calendar=default_calendar()
    )
    with store.write():
        receipt = casebook.record_decision(
            store.conn, notice, terminal_id="XH-W03", clerk="wang.li", at=now()
        )
    for m in notice.missing:
        r = m.requirement
        print(f"    · {r.material.name}：{r.why}（{r.material.where}）")
    print(f"  告知书编号 {receipt}，应在 {notice.notice_due} 前告知（五个工作日）")

    print("  申请人补齐材料后再次来办（劳动合同容缺，承诺三天内补交）：")
    complete = MaterialsGiven(
        handed={"CL-SFZ": Handed(1, 0), "CL-ZLHT": Handed(1, 0)},
        promises={"CL-LDHT": now().date() + timedelta(days=3)},
    )
    again = Capture(str(uuid.uuid4()), SERVICE, applicant, answers, form, complete)
    accepted = decide(cat, again, Decision.ACCEPTED, received_at=now(), calendar=default_calendar())
    with store.write():
        receipt = casebook.record_decision(
            store.conn, accepted, terminal_id="XH-W03", clerk="wang.li", at=now()
        )
    print(
        f"  受理回执 {receipt}：承诺办结日期 {accepted.due_date}（{accepted.intake.time_limit_days}个工作日）"
    )


if __name__ == "__main__":
    sys.exit(main())

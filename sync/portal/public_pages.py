"""The pages a citizen's phone opens from a printed QR code: a case's progress and a ticket's
place in the queue. Plain HTML in Chinese, no script, nothing personal.

In a city the receipt's QR leads to the city's own case-status page (``public_track_url``
in the terminal's config); the reference portal serves these two so the demo's codes lead
somewhere. A case page asks for the last four characters of the applicant's ID number
first, exactly as the kiosk does (sync/portal/status.py): a receipt found on the street,
or a photographed one, shows nothing, and guesses are throttled per phone's address.
"""

from __future__ import annotations

import logging
import re
from html import escape
from urllib.parse import parse_qs

from sync.portal import throttle
from sync.portal.app import Portal
from sync.portal.problems import Problem
from sync.portal.queue import public_status
from sync.portal.status import case_status
from sync.portal.wire import Request, Response

log = logging.getLogger("tongban.portal")

TRACK = re.compile(r"/track/(?P<ref>[A-Za-z0-9-]{1,64})")
QUEUE = re.compile(r"/q/(?P<ticket>[0-9a-f-]{36})")
PREFIXES = ("/track/", "/q/")

STATES = {  # the portal's states (sync/link/protocol.py PORTAL_STATES)
    "received": "已收件",
    "in_progress": "正在办理",
    "completed": "已办结，可领取结果",
    "not_approved": "已办结（未获批准），请领取决定书",
    "withdrawn": "已撤回",
    "voided": "已作废",
    "conflict": "正在核对，请稍后再查或咨询 12345",
}
DECISIONS = {"accepted": "受理", "needs_correction": "补正告知", "rejected": "不予受理"}
TICKETS = {
    "waiting": "等候中",
    "transferred": "已转窗口，等候中",
    "called": "正在叫号，请到窗口",
    "serving": "正在办理",
    "done": "已办理完毕",
    "missed": "已过号，请重新取号或咨询导办台",
    "cancelled": "已取消",
}


def wanted(target: str) -> bool:
    return target.split("?", 1)[0].startswith(PREFIXES)


MAX_FORM = 1024  # a four-character answer: anything larger is not this page's form


def page(portal: Portal, request: Request) -> Response:
    try:
        return _page(portal, request)
    except Exception:  # the database busy, or a bug: a page that says so, and the log
        log.exception("public page %s failed", request.target[:80])
        return _html(503, _card("暂时无法查询", "请稍后再试，或到大厅咨询台询问。"))


def _page(portal: Portal, request: Request) -> Response:
    path = request.target.split("?", 1)[0]
    if m := TRACK.fullmatch(path):
        if request.method == "POST":
            return _case(portal, request, m["ref"])
        return _html(200, _ask_last_four(m["ref"], ""))
    if (m := QUEUE.fullmatch(path)) and request.method == "GET":
        return _ticket(portal, m["ticket"])
    return _html(404, _card("找不到这个页面", "请核对二维码，或到大厅咨询台询问。"))


def _case(portal: Portal, request: Request, ref: str) -> Response:
    if len(request.body) > MAX_FORM:
        return _html(413, _ask_last_four(ref, "请只输入证件号码的后四位。"))
    form = parse_qs(request.body.decode("utf-8", "replace"), max_num_fields=4)
    last4 = (form.get("id_last4") or [""])[0].strip()
    try:
        # Misses counted per phone's address, and per receipt apart from the halls' count:
        # guesses from the web lock neither the hall nor the citizen at the kiosk.
        found = case_status(
            portal.db,
            f"web:{request.client}",
            {"receipt_no": ref, "id_last4": last4},
            portal.clock(),
            throttle.STATUS_PER_RECEIPT_ON_WEB,
        )
    except Problem as problem:
        said = {
            "case-not-found": "没有找到：请核对回执编号和证件号码后四位。",
            "too-many-requests": "查询次数较多，请稍后再试，或到大厅咨询台询问。",
            "invalid-request": "请输入证件号码的后四位（数字或 X）。",
        }.get(problem.name, "暂时无法查询，请稍后再试。")
        return _html(200, _ask_last_four(ref, said))
    rows = [
        ("回执编号", str(found["receipt_no"])),
        ("受理决定", DECISIONS.get(str(found.get("decision")), "")),
        ("办理状态", STATES.get(str(found["state"]), str(found["state"]))),
        ("更新时间", str(found["updated_at"])[:16].replace("T", " ")),
    ]
    if found.get("due_date"):
        rows.append(("承诺办结", str(found["due_date"])))
    if found.get("missing"):
        rows.append(("需补正", "、".join(found["missing"])))
    if found.get("return_by"):  # how to come back, as the notice says (issue 14)
        where = "携补正告知书或申请人身份证件到受理大厅任一综合窗口补正，无需重新预约"
        rows.append(("补正期限", f"{found['return_by']}前，{where}"))
    body = "".join(f"<p><b>{escape(k)}</b>　{escape(v)}</p>" for k, v in rows if v)
    return _html(200, _card("办件进度", body + "<p>咨询、投诉请拨打 12345。</p>", raw=True))


def _ticket(portal: Portal, ticket_id: str) -> Response:
    try:
        with portal.db.read() as conn:
            t = public_status(conn, ticket_id)
    except Problem:
        return _html(404, _card("找不到这张号", "请核对号票上的二维码，或到导办台询问。"))
    state = TICKETS.get(str(t["state"]), str(t["state"]))
    lines = [f"<p class=big>{escape(str(t['ticket_no']))}</p>", f"<p>{escape(state)}</p>"]
    if t["ahead"]:
        lines.append(f"<p>您前面还有 {int(t['ahead'])} 人</p>")
    if t.get("window") and t["state"] in ("called", "serving"):  # not once done or missed
        lines.append(f"<p>请到 {int(t['window'])} 号窗口</p>")
    return _html(200, _card("排队进度", "".join(lines), raw=True))


def _ask_last_four(ref: str, said: str) -> str:
    note = f"<p class=note>{escape(said)}</p>" if said else ""
    form = (
        f"<p>回执编号 {escape(ref)}</p>{note}"
        "<form method=post><label for=l4>证件号码后四位</label>"
        "<input id=l4 name=id_last4 maxlength=4 inputmode=text autocomplete=off required>"
        "<button type=submit>查询</button></form>"
    )
    return _card("查询办件进度", form, raw=True)


def _card(title: str, body: str, *, raw: bool = False) -> str:
    content = body if raw else f"<p>{escape(body)}</p>"
    return (
        "<!doctype html><html lang=zh-CN><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        "<style>body{font:20px/1.6 sans-serif;margin:1em;color:#111}"
        "h1{font-size:26px}.big{font-size:48px;font-weight:bold}.note{color:#a00}"
        "input,button{font-size:22px;padding:.3em;margin:.3em 0;display:block}</style>"
        f"<h1>{escape(title)}</h1>{content}</html>"
    )


def _html(status: int, text: str) -> Response:
    return Response(
        status,
        {
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",  # a shared phone's back button shows nothing later
            "X-Frame-Options": "DENY",
        },
        text.encode("utf-8"),
    )

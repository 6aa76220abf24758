"""The terminal's configuration: one TOML file, checked key by key.

Where it is: ``--config FILE``, else ``$TONGBAN_CONFIG``, else ``config.toml``
in the data folder (``--data-dir``, ``$TONGBAN_DATA_DIR``, or the platform's
user data folder). A bad file names the key, the value and what is allowed.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from terminal.i18n import LANGUAGES, TongbanError
from terminal.records import Record

APP = "tongban"
CONFIG_FILENAME = "config.toml"


class ConfigError(TongbanError):
    pass


@dataclass(frozen=True, eq=False, repr=False)
class Config(Record):
    terminal_id: str = "XH-W01"
    hall: str = "徐汇区行政服务中心"
    window: int = 1
    portal_url: str = "http://127.0.0.1:8700"
    # What a printed QR leads a citizen's phone to: the city's public pages. Empty: the
    # portal's own /track/{ref} and /q/{ticket} pages (the reference portal serves them).
    public_track_url: str = ""
    public_queue_url: str = ""
    reader: str = "sim"
    printer: str = "folder"
    receipt_format: str = "a4"
    print_timeout_seconds: int = 30
    font: str = ""
    mode: str = "clerk"
    language: str = "zh_CN"
    large_type: bool = False
    idle_lock_minutes: int = 10
    draft_keep_days: int = 7
    kiosk_idle_seconds: int = 90
    kiosk_tickets_per_minute: int = 10
    kiosk_tickets_per_card: int = 3
    # Where the kiosk stands, as the clerks say it: a call for help (呼叫工作人员) names it.
    kiosk_place: str = ""
    # On: an elderly citizen alone at a kiosk is told each step, the number and the result.
    spoken_prompts: bool = True
    log_level: str = "info"
    # How often the terminal tells the portal what it runs and has (sync/heartbeat/); 0: never.
    heartbeat_minutes: int = 15
    # Captured materials (issue 15): the upload's share of the hall's uplink, and how long a
    # file the portal confirmed stays on this terminal.
    attachments_upload_kbps: int = 0  # kilobytes a second; 0: no cap
    attachments_keep_days: int = 30
    # 差评整改 (issue 17): the levels that open a follow-up (1 非常不满意 … 5 非常满意), and
    # its deadline in working days after the rating (provinces set 5 to 15).
    followup_levels: tuple[int, ...] = (1, 2)
    # The decisions at which the citizen signs a confirmation on the pad before the case is
    # written (issue 16: "where the hall requires it"): "accepted", "needs_correction". None
    # by default: many halls do not ask for it.
    sign_decisions: tuple[str, ...] = ()
    followup_working_days: int = 5
    # From this day of the year (MM-DD) `tongban doctor` warns while next year's working-day
    # calendar has not reached this terminal (issue 17).
    calendar_warn_from: str = "12-01"
    # Deadline cards (黄牌/红牌, issue 17): a clock turns yellow this many working days before
    # its day (0: on the day only) and red the day after; provinces set their own.
    card_yellow_working_days: int = 3  # an accepted case's promised completion date
    card_yellow_working_days_short: int = 1  # the one-time notice, 容缺 promises, 补正 return
    # The supervisor's view (issue 17): the hall's targets its figures are shown against.
    target_wait_minutes: int = 15  # the average wait
    target_longest_wait_minutes: int = 30  # no one waits longer
    target_handle_minutes: int = 20  # the average handling at a window


def _page_template(value: object, slot: str) -> bool:
    """An http(s) address with ``slot`` once, after the host: never in the host, and no
    user@ part (https://zwfw.gov.cn@elsewhere/ would lead a phone elsewhere)."""
    if not isinstance(value, str) or value.count(slot) != 1:
        return False
    parts = urlsplit(value.replace(slot, "SLOT"))
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and "@" not in parts.netloc
        and "SLOT" not in parts.netloc
        and not re.search(r"\s", value)
    )


def _month_day(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d\d-\d\d", value):
        return False
    try:
        date.fromisoformat(f"2001-{value}")  # not 29 February: it would skip three years
    except ValueError:
        return False
    return True


# key → (check, what is allowed). A check returns True when the value is allowed.
_TERMINAL_ID = re.compile(r"[A-Z0-9][A-Z0-9-]{1,19}")
_RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "terminal_id": (
        lambda v: isinstance(v, str) and bool(_TERMINAL_ID.fullmatch(v)),
        "2–20 capital letters, digits or '-', e.g. XH-W03",
    ),
    "hall": (
        lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 60,
        "the hall's name, 1–60 characters",
    ),
    "window": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 999,
        "a whole number 1–999",
    ),
    "portal_url": (
        lambda v: isinstance(v, str) and bool(re.fullmatch(r"https?://[^\s/]+(/\S*)?", v)),
        "an http:// or https:// address",
    ),
    "public_track_url": (
        lambda v: v == "" or _page_template(v, "{ref}"),
        'an http(s):// address containing {ref} (the receipt number), or "" for the portal\'s',
    ),
    "public_queue_url": (
        lambda v: v == "" or _page_template(v, "{ticket}"),
        "an http(s):// address containing {ticket} (the ticket's id), or \"\" for the portal's",
    ),
    "reader": (
        lambda v: isinstance(v, str) and bool(re.fullmatch(r"sim|serial(:\S+)?|pcsc(:.+)?", v)),
        "sim, serial, serial:PORT, pcsc or pcsc:READER NAME",
    ),
    "printer": (
        lambda v: isinstance(v, str) and bool(re.fullmatch(r"folder(:.+)?|cups(:\S+)?", v)),
        "folder, folder:PATH, cups or cups:QUEUE",
    ),
    "receipt_format": (lambda v: v in ("a4", "roll"), "a4 or roll (80 mm thermal)"),
    "print_timeout_seconds": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 5 <= v <= 600,
        "a whole number of seconds, 5–600",
    ),
    "font": (
        lambda v: isinstance(v, str),
        'a path to a TrueType font (.ttf/.ttc), or "" to ask fontconfig',
    ),
    "mode": (lambda v: v in ("clerk", "kiosk", "display"), "clerk, kiosk or display"),
    "language": (lambda v: v in LANGUAGES, " or ".join(LANGUAGES)),
    "large_type": (lambda v: isinstance(v, bool), "true or false"),
    "idle_lock_minutes": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 240,
        "a whole number of minutes, 1–240",
    ),
    "draft_keep_days": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 90,
        "a whole number of days, 1–90",
    ),
    "kiosk_idle_seconds": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 40 <= v <= 900,
        "a whole number of seconds, 40–900 (the last 20 are the countdown)",
    ),
    "kiosk_tickets_per_minute": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 120,
        "a whole number of tickets, 1–120",
    ),
    "kiosk_tickets_per_card": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 20,
        "a whole number of tickets, 1–20",
    ),
    "kiosk_place": (
        lambda v: isinstance(v, str) and len(v.strip()) <= 60,
        'where the kiosk stands, up to 60 characters ("" names it by its terminal id)',
    ),
    "spoken_prompts": (lambda v: isinstance(v, bool), "true or false"),
    "attachments_upload_kbps": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1_000_000,
        "a whole number of kilobytes a second, 0 (no cap) to 1000000",
    ),
    "attachments_keep_days": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 3650,
        "a whole number of days, 0–3650",
    ),
    "followup_levels": (
        lambda v: (
            isinstance(v, list | tuple)  # a TOML array; a tuple once parsed
            and len(v) == len(set(v))
            and all(isinstance(x, int) and not isinstance(x, bool) and 1 <= x <= 3 for x in v)
        ),
        "a list of levels 1–3 (1 非常不满意, 2 不满意, 3 基本满意), e.g. [1, 2]; [] for none",
    ),
    "sign_decisions": (
        lambda v: (
            isinstance(v, list | tuple)
            and len(v) == len(set(v))
            and all(x in ("accepted", "needs_correction") for x in v)
        ),
        'a list of "accepted" and/or "needs_correction", e.g. ["needs_correction"]; [] for none',
    ),
    "followup_working_days": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 30,
        "a whole number of working days, 1–30",
    ),
    "calendar_warn_from": (lambda v: _month_day(v), "a day of the year as MM-DD, e.g. 12-01"),
    "card_yellow_working_days": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 20,
        "a whole number of working days, 0–20 (0: yellow on the promised day only)",
    ),
    "card_yellow_working_days_short": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 5,
        "a whole number of working days, 0–5 (0: yellow on the last day only)",
    ),
    "target_wait_minutes": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 240,
        "a whole number of minutes, 1–240",
    ),
    "target_longest_wait_minutes": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 480,
        "a whole number of minutes, 1–480",
    ),
    "target_handle_minutes": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 240,
        "a whole number of minutes, 1–240",
    ),
    "log_level": (
        lambda v: v in ("debug", "info", "warning", "error"),
        "debug, info, warning or error",
    ),
    "heartbeat_minutes": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and (v == 0 or 5 <= v <= 1440),
        "a whole number of minutes, 5–1440, or 0 for none",
    ),
}


def parse(raw: Mapping[str, Any], source: str) -> Config:
    known = {f.name for f in fields(Config)}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(
                "config.unknown_key", source=source, key=key, allowed=", ".join(sorted(known))
            )
        check, allowed = _RULES[key]
        if not check(value):
            raise ConfigError(
                "config.bad_value", source=source, key=key, value=repr(value), allowed=allowed
            )
    values = dict(raw)
    if "followup_levels" in values:  # a TOML array; the config itself stays immutable
        values["followup_levels"] = tuple(sorted(values["followup_levels"]))
    if "sign_decisions" in values:
        values["sign_decisions"] = tuple(values["sign_decisions"])
    return replace(Config(), **values)


def load(path: Path) -> Config:
    """The config at ``path``; the defaults when there is no file yet."""
    try:
        with path.open("rb") as f:
            raw = tomllib.load(f)
    except FileNotFoundError:
        return Config()
    except tomllib.TOMLDecodeError as e:
        raise ConfigError("config.syntax", source=str(path), error=str(e)) from None
    except OSError as e:
        raise ConfigError(
            "config.unreadable", source=str(path), error=e.strerror or str(e)
        ) from None
    return parse(raw, str(path))


def default_data_dir() -> Path:
    env = os.environ.get("TONGBAN_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs  # only when no folder is set

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_path(data_dir: Path, explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get("TONGBAN_CONFIG")
    return Path(env) if env else data_dir / CONFIG_FILENAME


def default_text(config: Config | None = None) -> str:
    """The commented file ``tongban init`` writes: every key, its meaning and what is allowed."""
    c = config or Config()
    return f"""\
# 通办终端配置 / Tongban Terminal configuration
# 修改后重启程序生效。Restart the program after a change.
# `tongban doctor` 检查本文件。`tongban doctor` checks this file.

# 终端编号，打印在回执编号中，全市唯一 / terminal code, printed in receipt numbers, unique in the city
terminal_id = "{c.terminal_id}"
# 大厅名称 / the hall's name
hall = "{c.hall}"
# 窗口号 / window number (1–999)
window = {c.window}
# 一网通办平台地址 / the city portal's address
portal_url = "{c.portal_url}"
# 回执二维码指向的公众查询页（含 {{ref}}，即回执编号）；留空则用平台自带页面
# the public case-status page a receipt's QR leads to (with {{ref}}); empty: the portal's own
public_track_url = "{c.public_track_url}"
# 排队小票二维码指向的公众页面（含 {{ticket}}）；留空则用平台自带页面
# the public queue page a ticket's QR leads to (with {{ticket}}); empty: the portal's own
public_queue_url = "{c.public_queue_url}"
# 读卡器：sim（演示）、serial 或 serial:/dev/ttyUSB0（GA 467 身份证阅读器）、pcsc 或 pcsc:读卡器名
# card reader: sim (demo), serial or serial:PORT (GA 467 ID reader), pcsc or pcsc:READER
reader = "{c.reader}"
# 打印机：folder（写入 PDF 文件夹）、folder:路径、cups 或 cups:队列名
# printer: folder (PDF files), folder:PATH, cups or cups:QUEUE
printer = "{c.printer}"
# 回执纸张：a4 或 roll（80 毫米热敏卷纸）；告知书总是 A4 / receipt paper: a4 or roll (80 mm); notices are always A4
receipt_format = "{c.receipt_format}"
# 等待打印机完成一份打印的秒数，超时则撤回并标记失败 / seconds to wait for a print before cancelling it as failed
print_timeout_seconds = {c.print_timeout_seconds}
# 中文字体文件（TrueType .ttf/.ttc）；留空则由 fontconfig 查找 / Chinese TrueType font file; empty: ask fontconfig
font = "{c.font}"
# 模式：clerk（窗口）、kiosk（自助终端）或 display（大厅叫号屏）
# mode: clerk (counter), kiosk (self-service) or display (the hall's calling board)
mode = "{c.mode}"
# 界面语言：zh_CN 或 en / language: zh_CN or en
language = "{c.language}"
# 大字体高对比度（适老化）/ large type and high contrast
large_type = {str(c.large_type).lower()}
# 无操作多少分钟后锁屏 / lock the window after this many idle minutes (1–240)
idle_lock_minutes = {c.idle_lock_minutes}
# 未完成的办件草稿保留几天，过期在启动时删除 / days an unfinished draft is kept; older ones are deleted at start (1–90)
draft_keep_days = {c.draft_keep_days}
# 自助终端无人操作多少秒后清除个人信息并回到首页（含最后 20 秒倒计时）
# kiosk: seconds without a touch before it wipes and starts over (the last 20 count down)
kiosk_idle_seconds = {c.kiosk_idle_seconds}
# 自助终端每分钟最多出几张号（防止连按占号）/ kiosk: at most this many tickets a minute (1–120)
kiosk_tickets_per_minute = {c.kiosk_tickets_per_minute}
# 同一张证件每天最多取几张普通号 / kiosk: at most this many ordinary tickets a day per card (1–20)
kiosk_tickets_per_card = {c.kiosk_tickets_per_card}
# 自助终端所在位置，呼叫工作人员时显示在窗口的叫号面板上；留空则显示终端编号
# kiosk: where it stands, shown on the windows' queue panels with a call for help; empty: its id
kiosk_place = "{c.kiosk_place}"
# 自助终端语音提示（普通话）/ kiosk: spoken prompts in Mandarin
spoken_prompts = {str(c.spoken_prompts).lower()}
# 日志级别：debug、info、warning、error / log level
log_level = "{c.log_level}"
# 每隔多少分钟向平台报告本机版本、系统、设备和未上传数（离线时只保留最新一条）；0 为不报告
# minutes between heartbeats to the portal (build, system, devices, unsent; offline only the latest waits); 0: none
heartbeat_minutes = {c.heartbeat_minutes}
# 材料扫描件上传限速（千字节/秒），0 为不限；办件数据总是先于扫描件上报
# attachments: upload cap in kilobytes a second, 0: none (a case's data always goes first)
attachments_upload_kbps = {c.attachments_upload_kbps}
# 平台确认收到后，扫描件在本机再保留几天 / days a file stays here after the portal confirmed it
attachments_keep_days = {c.attachments_keep_days}
# 哪些评价等级需要差评整改（1 非常不满意，2 不满意，3 基本满意）/ levels that open a 差评 follow-up
followup_levels = [{", ".join(str(v) for v in c.followup_levels)}]
# 哪些决定需申请人在签名板上签名确认后才保存（accepted 受理，needs_correction 补正告知）
# the decisions the citizen confirms on the signature pad before the case is saved
sign_decisions = [{", ".join(f'"{v}"' for v in c.sign_decisions)}]
# 差评整改期限（评价之日后的工作日数，各省 5–15）/ a follow-up's deadline in working days after the rating
followup_working_days = {c.followup_working_days}
# 从每年的这一天（月-日）起，若工作日历尚无下一年，`tongban doctor` 提醒
# from this day of the year (MM-DD) `tongban doctor` warns while next year's working-day calendar is missing
calendar_warn_from = "{c.calendar_warn_from}"
# 黄牌预警：办件承诺办结日前几个工作日起亮黄牌（0 为仅当天），逾期次日亮红牌
# deadline cards: yellow this many working days before a case's promised date (0: that day only), red after it
card_yellow_working_days = {c.card_yellow_working_days}
# 一次性告知、容缺承诺、补正退回期限到期前几个工作日起亮黄牌（0–5）
# the same for the one-time notice, 容缺 promises and the 补正 return deadline (0–5)
card_yellow_working_days_short = {c.card_yellow_working_days_short}
# 主管视图的目标：平均等候、最长等候、平均办理（分钟）/ the supervisor's view's targets, in minutes
target_wait_minutes = {c.target_wait_minutes}
target_longest_wait_minutes = {c.target_longest_wait_minutes}
target_handle_minutes = {c.target_handle_minutes}
"""

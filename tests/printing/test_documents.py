"""What each printed document says, read back from the PDF as a person would read the page."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from devices.printers.service import render_case_document
from terminal import casebook
from terminal.catalogue import load_default
from terminal.clock import now
from terminal.config import Config
from terminal.documents import fonts as fontmod
from terminal.documents.fonts import FontMissing, font_set
from terminal.documents.model import TicketDocument, case_document
from terminal.documents.render import render_case, render_test_page, render_ticket
from terminal.store import Store

from .conftest import page_text, qr_codes


def write(tmp_path: Path, name: str, pdf: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"Pages:\s+(\d+)", info)
    assert m
    return int(m.group(1))


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    assert m
    return float(m.group(1)), float(m.group(2))


@pytest.mark.parametrize("fmt", ["a4", "roll"])
def test_receipt_says_what_was_accepted(
    store: Store, cases: list[str], tmp_path: Path, fmt: str
) -> None:
    _, document, rendered = render_case_document(store, Config(), cases[0], fmt=fmt)
    pdf = write(tmp_path, f"receipt-{fmt}.pdf", rendered.pdf)
    text = page_text(pdf)
    assert document == "receipt"
    for expected in (
        "受理回执",
        "居住证办理",
        "陈示例",
        "340102********0030",
        cases[0],
        "2026年11月20日 09:12",
        "劳动合同或就业证明：原件1份",
        "15 个工作日",
        "承诺办结日期：2026年12月11日前",
        "纸质回执号",
    ):
        assert expected in text.replace("\n", ""), expected
    assert "340102199208150030" not in text  # the full number never reaches paper
    assert qr_codes(pdf, tmp_path) == [f"http://127.0.0.1:8700/track/{cases[0]}"]
    width, _ = page_size(pdf)
    assert round(width) == (227 if fmt == "roll" else 595)  # 80 mm roll or A4
    assert pages(pdf) == 1  # a roll receipt is one strip, never cut in two


def test_bundle_receipt_lists_every_service_and_ecerts(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    text = page_text(
        write(tmp_path, "b.pdf", render_case_document(store, Config(), cases[3])[2].pdf)
    )
    flat = text.replace("\n", "")
    assert "退休一件事受理回执" in flat
    for service in ("职工退休申请及基本养老金申领", "住房公积金提取", "职工医保退休人员待遇变更"):
        assert service in flat
    assert "居民身份证：电子证照核验" in flat and "社会保障卡：电子证照核验" in flat
    # Each service with its own time limit, not the longest one for all three.
    assert "（上海市公积金管理中心）：3 个工作日" in flat
    assert "（徐汇区医疗保障局）：5 个工作日" in flat and "全部办结不超过 20 个工作日" in flat


def test_notice_lists_every_missing_item_with_why_and_where(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    detail = casebook.load_detail(store, cases[1])
    _, document, rendered = render_case_document(store, Config(), cases[1])
    flat = page_text(write(tmp_path, "n.pdf", rendered.pdf)).replace("\n", "").replace(" ", "")
    assert document == "notice" and "补正材料通知书" in flat and "一次性告知" in flat
    assert detail["missing"]
    for item in detail["missing"]:
        assert item["name"].replace(" ", "") in flat
        assert item["why"][:12].replace(" ", "") in flat
    assert "五个工作日" in flat and "告知期限至2026年11月27日" in flat


def test_rejection_gives_reason_basis_and_remedies(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    _, document, rendered = render_case_document(store, Config(), cases[2])
    flat = page_text(write(tmp_path, "r.pdf", rendered.pdf)).replace("\n", "").replace(" ", "")
    assert document == "rejection"
    for expected in (
        "不予受理通知书",
        "决定机关",
        "市场监督管理局",
        "尚未取得营业执照",
        "《中华人民共和国行政许可法》第三十二条",
        "行政复议",
        "六十日",
        "行政诉讼",
        "六个月",
        "向上海市徐汇区人民政府申请行政复议",  # the 复议机关, named from the catalogue
        "向上海市徐汇区人民法院提起行政诉讼",  # and the court
    ):
        assert expected in flat, expected


def test_queue_ticket(tmp_path: Path) -> None:
    ticket = TicketDocument(
        "徐汇区行政服务中心", "A012", "居住证办理", 7, now(), "http://127.0.0.1:8700/queue/A012"
    )
    pdf = write(tmp_path, "t.pdf", render_ticket(ticket, font_set()).pdf)
    flat = page_text(pdf).replace("\n", "")
    assert "A012" in flat and "居住证办理" in flat and "前面还有 7 人" in flat
    assert qr_codes(pdf, tmp_path) == ["http://127.0.0.1:8700/queue/A012"]
    assert round(page_size(pdf)[0]) == 227


def test_reprint_is_marked_as_a_copy(store: Store, cases: list[str], tmp_path: Path) -> None:
    rendered = render_case_document(store, Config(), cases[0], copy=True)[2]
    assert "补打副本" in page_text(write(tmp_path, "c.pdf", rendered.pdf))


def test_rare_characters_use_a_fallback_font_and_long_addresses_wrap(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    detail = casebook.load_detail(store, cases[0])
    detail["applicant_name"] = "王䶮𠮷"
    doc = case_document(
        detail,
        load_default(),
        replace(Config(), hall="上海市徐汇区" + "行政服务中心" * 12),
        clerk_name="测试员",
        printed_at=now(),
    )
    for fmt in ("roll", "a4"):
        rendered = render_case(doc, fmt, font_set())
        assert rendered.missing_glyphs == []
        pdf = write(tmp_path, f"rare-{fmt}.pdf", rendered.pdf)
        assert "王䶮𠮷" in page_text(pdf)
        width, _ = page_size(pdf)
        bbox = subprocess.run(
            ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
        assert right_edges and max(right_edges) <= width, "text runs off the paper"
        if fmt == "roll":
            assert pages(pdf) == 1


def test_a_character_no_font_has_is_reported_not_dropped() -> None:
    fonts = font_set()
    # U+2EBF0 (CJK Extension I, 2023): no font installed here has it.
    assert fonts.missing("张\U0002ebf0") == ["\U0002ebf0"]


def test_no_chinese_font_names_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fontmod, "_fc", lambda *args: [])
    fontmod.font_set.cache_clear()
    try:
        with pytest.raises(FontMissing) as caught:
            fontmod.font_set()
        assert "fonts-wqy-microhei" in caught.value.text()
        bad = tmp_path / "not-a-font.ttf"
        bad.write_bytes(b"nope")
        with pytest.raises(FontMissing) as caught:
            fontmod.font_set(str(bad))
        assert str(bad) in caught.value.text()
    finally:
        fontmod.font_set.cache_clear()


def test_test_page_shows_the_font_and_the_qr(tmp_path: Path) -> None:
    pdf = write(
        tmp_path,
        "tp.pdf",
        render_test_page("徐汇区行政服务中心", "cups:PDF", now(), font_set()).pdf,
    )
    assert "打印测试页" in page_text(pdf)
    assert qr_codes(pdf, tmp_path) == ["TONGBAN-TEST-PAGE"]


def test_notices_are_dated_on_the_decision_day_and_signed_by_the_hall(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    """Printed weeks later, a notice still carries the day the decision was made (the paper
    day for a case decided on paper), the hall with room for its seal, and where to ask."""
    for key, name in ((cases[1], "n.pdf"), (cases[2], "r.pdf")):
        detail = casebook.load_detail(store, key)
        made = detail["received_at"] if detail["paper_fallback"] else detail["created_at"]
        decided = date.fromisoformat(made[:10])
        _, _, rendered = render_case_document(store, Config(), key)
        flat = page_text(write(tmp_path, name, rendered.pdf)).replace("\n", "").replace(" ", "")
        assert f"{decided.year}年{decided.month:02d}月{decided.day:02d}日" in flat
        today = now().date()
        if today != decided:
            assert f"{today.year}年{today.month:02d}月{today.day:02d}日" not in flat
        assert "（盖章）" in flat and "12345" in flat and "经办人：" in flat


@pytest.mark.parametrize("which", [0, 1, 2, 3])
def test_a_page_writes_every_date_one_way(
    store: Store, cases: list[str], tmp_path: Path, which: int
) -> None:
    _, _, rendered = render_case_document(store, Config(), cases[which])
    text = page_text(write(tmp_path, "d.pdf", rendered.pdf))
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
    assert re.search(r"\d{4}年\d{2}月\d{2}日", text)


def test_the_receipt_says_where_the_result_is_collected(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    _, _, rendered = render_case_document(store, Config(), cases[0])
    flat = page_text(write(tmp_path, "a.pdf", rendered.pdf)).replace("\n", "").replace(" ", "")
    assert "领取办理结果" in flat and "12345" in flat


@pytest.mark.parametrize(("which", "fmt"), [(1, "a4"), (2, "a4"), (0, "roll"), (3, "roll")])
def test_no_line_starts_with_closing_punctuation(
    store: Store, cases: list[str], tmp_path: Path, which: int, fmt: str
) -> None:
    """GB/T 15834: ，。：）and their kind hang at the end of a line, never begin the next."""
    _, _, rendered = render_case_document(store, Config(), cases[which], fmt=fmt)
    text = page_text(write(tmp_path, "p.pdf", rendered.pdf))
    starts = [line.strip() for line in text.splitlines() if line.strip()]
    assert [line for line in starts if line[0] in "，。、；：？！）》”"] == []


def embedded_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_a4_notices_are_set_in_a_chinese_serif_and_roll_receipts_are_not(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    """./dev installs AR PL UMing: official notices in 宋体/明体 (its mainland face, not the
    Taiwan or Hong Kong one); thermal rolls stay in the plain face, which survives the heat."""
    _, _, notice = render_case_document(store, Config(), cases[1], fmt="a4")
    _, _, roll = render_case_document(store, Config(), cases[0], fmt="roll")
    assert "UMingCN" in embedded_fonts(write(tmp_path, "n.pdf", notice.pdf))
    assert "UMing" not in embedded_fonts(write(tmp_path, "r.pdf", roll.pdf))


def test_the_window_printed_is_the_one_that_took_the_case(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    """The example's cases were taken at XH-W09: printed there it says its window; printed
    at another terminal it names XH-W09 rather than lending that terminal's window number."""
    here = replace(Config(), terminal_id="XH-W09", window=9)
    elsewhere = replace(Config(), terminal_id="XH-W01", window=1)
    for key in (cases[0], cases[1]):
        at_home = page_text(write(tmp_path, "h.pdf", render_case_document(store, here, key)[2].pdf))
        away = page_text(
            write(tmp_path, "a.pdf", render_case_document(store, elsewhere, key)[2].pdf)
        )
        assert "9号窗口" in at_home.replace(" ", "")
        assert "终端 XH-W09" in away and "1号窗口" not in away.replace(" ", "")


@pytest.mark.parametrize("fmt", ["a4", "roll"])
def test_a_receipt_not_rated_at_the_counter_says_where_the_citizen_rates(
    store: Store, cases: list[str], tmp_path: Path, fmt: str
) -> None:
    _, _, told = render_case_document(store, Config(), cases[0], fmt=fmt, rate_later=True)
    _, _, rated = render_case_document(store, Config(), cases[0], fmt=fmt)
    pdf = write(tmp_path, f"told-{fmt}.pdf", told.pdf)
    flat = page_text(pdf).replace("\n", "").replace(" ", "")
    for words in ("服务评价", "自助终端", "扫描上方二维码", "身份证号码后四位"):
        assert words in flat, words
    assert pages(pdf) == 1
    assert "服务评价" not in page_text(write(tmp_path, f"rated-{fmt}.pdf", rated.pdf))


def test_a_receipt_line_names_the_pages_scanned_at_the_counter() -> None:
    from terminal.documents.receipt import material_text

    assert material_text("居民身份证", "handed", 1, 0, "", 2) == "· 居民身份证：原件1份，已扫描2页"
    assert material_text("居民身份证", "handed", 1, 0, "") == "· 居民身份证：原件1份"

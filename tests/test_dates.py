"""The dates component: date expressions of every form, and the signed/effective/ended choice.

Unit sentences are written for these tests (not taken from the corpus); the corpus tests
read ../shared at test time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yuezhang.document import Document, Template, paragraphs_of
from yuezhang.extract import infobox, names
from yuezhang.extract.dates import find_dates, run
from yuezhang.extract.pipeline import Context
from yuezhang.extract.record import TreatyRecord
from yuezhang.sources.files import read_file
from yuezhang.variants import fold


def doc_of(text: str, title: str = "甲乙条约") -> Document:
    return Document(
        title, "unit.txt", "plain", text, text, list(range(len(text) + 1)), paragraphs=paragraphs_of(text)
    )


def dates_in(text: str) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.value, m.precision) for m in find_dates(doc_of(text)) if m.group is None]


def record_of(
    text: str, title: str = "甲乙条约", infobox: dict | None = None
) -> tuple[TreatyRecord, Document]:
    doc = doc_of(text, title)
    record = TreatyRecord(doc.path, title, doc.format)
    ctx = Context()
    if infobox is not None:
        ctx.data["infobox"] = infobox
    run(doc, record, ctx)
    return record, doc


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("两国于1929年12月22日会面。", "1929-12-22", "day"),
        ("两国于1929年12月会面。", "1929-12", "month"),
        ("两国于1929年会面。", "1929", "year"),
        ("会谈在一八五八年五月二十八日结束。", "1858-05-28", "day"),
        ("会谈在一九〇五年九月五日结束。", "1905-09-05", "day"),
        ("会谈在１９２９年１２月２２日结束。", "1929-12-22", "day"),
        ("公元1689年9月7日，使团抵达。", "1689-09-07", "day"),
        ("咸丰八年四月十六日，使团抵达。", "1858-05-28", "day"),
        ("光绪二十四年三月初六日，使团抵达。", "1898-03-27", "day"),
        ("康熙二十八年七月二十四日，使团抵达。", "1689-09-07", "day"),
        ("同治三年，使团抵达。", "1864", "year"),
        ("咸豐元年，使團抵達。", "1851", "year"),
        ("明治二十八年，使团抵达。", "1895", "year"),
        ("民国十八年，使团抵达。", "1929", "year"),
        ("民國4年，使團抵達。", "1915", "year"),
        ("光绪元年正月，使团抵达。", "1875-02", "month"),
        ("光绪二十四年三月初六，使团抵达。", "1898-03-27", "day"),  # 初N needs no 日
        ("宣统三年八月十九日，起事。", "1911-10-10", "day"),
        ("昭和二十年九月二日，使团抵达。", "1945-09-02", "day"),  # Gregorian months from 明治6年
        ("大正四年五月二十五日，使团抵达。", "1915-05-25", "day"),
        ("1840 年5月12日，使团抵达。", "1840-05-12", "day"),
    ],
)
def test_single_dates(text: str, value: str, precision: str) -> None:
    found = dates_in(text)
    assert [(v, p) for _, v, p in found] == [(value, precision)]


def test_not_dates() -> None:
    assert dates_in("有效期为30年，条约共10条，分3个月付清；1990年代的研究。") == []
    assert dates_in("十月革命以后，二月的风。") == []  # months in Chinese numerals with no day name events


def test_a_year_that_qualifies_a_noun_does_not_set_the_passage_year() -> None:
    text = "1945年6月，代表团抵达。据说维持1924年中苏协定的现状，自1920年起已是如此。7月2日，会谈开始。"
    assert dates_in(text)[-1][1] == "1945-07-02"
    assert dates_in("1880年，使臣赴俄。当年的5月7日，两国会谈。")[-1][1] == "1880-05-07"


def test_year_from_the_passage() -> None:
    text = "1880年，使臣赴俄。次年2月24日重订条约。同年4月，批准书互换。\n\n1900年春，战事又起。12月3日，和谈开始。"
    assert [(v, p) for _, v, p in dates_in(text)] == [
        ("1880", "year"),
        ("1881-02-24", "day"),
        ("1881-04", "month"),
        ("1900", "year"),
        ("1900-12-03", "day"),
    ]


def test_relative_years_backwards() -> None:
    assert dates_in("1905年，和约签字。前一年2月，战争爆发。")[1][1:] == ("1904-02", "month")


def test_day_after_a_month_takes_month_and_year_from_the_passage() -> None:
    found = dates_in("1858年5月，两军对峙；於二十八日，双方议定。")
    assert found[-1][1:] == ("1858-05-28", "day")


def test_gregorian_with_era_restatement_inside() -> None:
    found = find_dates(doc_of("1864年（同治三年）10月7日，双方在边城议定界约。"))
    main = [m for m in found if m.group is None]
    assert [(m.text, m.value) for m in main] == [("1864年（同治三年）10月7日", "1864-10-07")]
    assert [(m.text, m.value, m.calendar) for m in found if m.group is not None] == [
        ("同治三年", "1864", "chinese-lunar")
    ]


def test_era_year_with_gregorian_year_restatement_and_julian_note() -> None:
    found = find_dates(doc_of("光绪二十八年（1902年）4月8日（俄历3月26日），两国订约。"))
    assert found[0].value == "1902-04-08"
    julian = [m for m in found if m.calendar == "julian"]
    assert [(m.text, m.value) for m in julian] == [("3月26日", "1902-04-08")]


def test_julian_restatement_converts_to_the_same_day() -> None:
    found = find_dates(
        doc_of("1858年5月28日（咸丰八年四月十六日，当时俄国使用的儒略历1858年5月16日），和约议定。")
    )
    assert {m.value for m in found} == {"1858-05-28"}
    assert [m.calendar for m in found] == ["gregorian", "chinese-lunar", "julian"]


def test_julian_date_alone_is_converted() -> None:
    assert dates_in("旧历1917年10月25日，起义爆发。")[0][1] == "1917-11-07"
    assert dates_in("俄历一九〇五年八月二十三日，和约签字。")[0][1] == "1905-09-05"


def test_bare_date_takes_the_year_of_its_era_restatement() -> None:
    found = dates_in("8月29日（道光二十二年七月二十四日），和约签字。")
    assert found == [("8月29日", "1842-08-29", "day")]


def test_era_date_with_gregorian_restatement_prefers_the_written_gregorian() -> None:
    record, _ = record_of("甲乙条约于咸丰元年（1851年8月6日）签订。")
    assert (record.signed.value, record.signed.precision) == ("1851-08-06", "day")


def test_ranges() -> None:
    found = find_dates(doc_of("和会于1919年6月28日至1920年1月10日举行；另一会议在1937年8月20日—21日。"))
    assert [(m.text, m.value, m.end_value) for m in found] == [
        ("1919年6月28日至1920年1月10日", "1919-06-28", "1920-01-10"),
        ("1937年8月20日—21日", "1937-08-20", "1937-08-21"),
    ]


def test_year_ranges() -> None:
    found = find_dates(doc_of("战争持续于1894-1895年间，谈判在1900年至1901年。"))
    assert [(m.text, m.value, m.end_value) for m in found] == [
        ("1894-1895年", "1894", "1895"),
        ("1900年至1901年", "1900", "1901"),
    ]


def test_signed_effective_ended_duration() -> None:
    record, doc = record_of(
        "甲乙条约是甲国与乙国于1950年2月14日签订的条约，於同年4月11日起生效，有效期为30年。"
        "1979年2月条约期满后没有再延长。"
    )
    assert (record.signed.value, record.signed.text) == ("1950-02-14", "1950年2月14日")
    assert (record.effective.value, record.effective.text) == ("1950-04-11", "同年4月11日")
    assert (record.ended.value, record.ended.precision) == ("1979-02", "month")
    assert record.duration.years == 30
    for fact in (record.signed, record.effective, record.ended, record.duration):
        ev = fact.evidence
        assert ev.text == doc.plain[ev.start : ev.end] == fact.text
        assert ev.text in ev.sentence


def test_another_agreement_signed_in_the_same_sentence_is_not_ours() -> None:
    record, _ = record_of("1929年12月3日，双方签订《丙丁停战书》。12月22日，双方签订甲乙条约。")
    assert record.signed.value == "1929-12-22"
    record, _ = record_of("甲乙条约确认了1689年签订的《丙丁条约》的边界。甲乙条约于1727年签订。")
    assert record.signed.value == "1727"


def test_lead_year_refined_by_a_statement_about_this_agreement() -> None:
    record, _ = record_of(
        "甲乙条约是1896年签订的条约。\n\n==过程==\n双方于1896年初谈判，并于6月3日签订此约。"
    )
    assert record.signed.value == "1896-06-03"


def test_lead_year_not_refined_by_component_dates() -> None:
    text = "甲乙条约是1860年签订的一组条约。\n\n甲国于1860年10月24日签订条约。乙国于1860年10月25日签订条约。"
    record, _ = record_of(text)
    assert record.signed.value == "1860"


def test_initialling_and_refusals_are_not_signing() -> None:
    record, _ = record_of(
        "1984年9月26日，两国草签甲乙联合声明。1984年12月19日，两国签署甲乙联合声明。", "甲乙联合声明"
    )
    assert record.signed.value == "1984-12-19"
    record, _ = record_of("1919年6月，丙国拒绝签署甲乙条约。甲乙条约于1919年6月28日签订。")
    assert record.signed.value == "1919-06-28"


def test_effective_on_signing_is_the_signing_date() -> None:
    record, _ = record_of("甲乙协定于1933年5月31日签订。其第五条规定本协定签字后即发生效力。", "甲乙协定")
    assert record.effective.value == "1933-05-31"
    assert "发生效力" in record.effective.text


def test_ended_by_a_later_agreement_named_as_the_cause() -> None:
    record, _ = record_of("甲乙条约于1910年签订，后因1965年的《丙丁基本条约》而失效。")
    assert record.ended.value == "1965"


def test_abrogating_another_agreement_is_not_our_end() -> None:
    record, _ = record_of("甲乙条约于1919年签订，条约还废除了1871年的《丙丁条约》。")
    assert record.ended is None


def test_a_date_that_should_have_ended_it_is_not_an_end() -> None:
    record, _ = record_of("甲乙条约于1898年签订。租借地原应于1923年3月27日期满，但未归还。")
    assert record.ended is None


def test_years_inside_quoted_names_are_not_dates_stated() -> None:
    record, _ = record_of(
        "《甲乙条约》，正式名称为「甲国与乙国关于1900年事件的协定」，是两国在战后签订的条约。条约签订于1901年9月7日。"
    )
    assert record.signed.value == "1901-09-07"
    found = find_dates(doc_of("1899年，两国会面。《1900年甲乙协定》签字后，3月2日双方撤军。"))
    assert [(m.text, m.quoted) for m in found][1] == ("1900年", True)
    assert found[-1].value == "1899-03-02"  # a year in a name does not set the passage's year


def test_naming_words_are_not_the_copula_of_a_defining_sentence() -> None:
    text = (
        "《甲乙公报》与《丙丁联合公报》（一般简称为《丙公报》）和1982年签订的《戊己联合公报》合称为三个公报。"
    )
    record, _ = record_of(text, "甲乙公报")
    assert record.signed is None
    record, _ = record_of("《甲乙公报》是1979年1月1日签订的公报。", "甲乙公报")
    assert record.signed.value == "1979-01-01"


def test_a_list_of_dates_for_one_verb_reads_at_their_common_precision() -> None:
    record, doc = record_of("甲乙条约是甲国先后与乙国（1858年6月13日）、丙国（1858年6月27日）签订的条约。")
    assert (record.signed.value, record.signed.precision) == ("1858-06", "month")
    assert record.signed.evidence.text == doc.plain[record.signed.evidence.start : record.signed.evidence.end]
    record, _ = record_of("1858年，甲国先后与乙国（6月13日）、丙国（7月27日）签订甲乙条约。")
    assert record.signed.value == "1858"
    record, _ = record_of("甲乙条约是甲国分别与乙国（1858年6月13日）和丙国（1859年1月2日）签订的条约。")
    assert record.signed is None  # no year in common


def test_a_list_of_component_dates_does_not_refine_the_lead_year() -> None:
    text = "甲乙条约是1858年签订的一组条约。\n\n==过程==\n甲国于1858年先后与乙国（6月13日）、丙国（6月27日）签订甲乙条约。"
    record, _ = record_of(text)
    assert record.signed.value == "1858"


def test_signing_ranges_and_negotiation_periods() -> None:
    record, _ = record_of("甲乙条约于1858年6月13日至27日陆续签订。")
    assert (record.signed.value, record.signed.precision) == ("1858-06", "month")
    record, _ = record_of("经过1842年7月至8月的谈判，两国签订甲乙条约。")
    assert record.signed is None  # the period dates the talks, a clause of its own
    record, _ = record_of("1842年7月至8月，两国在江上谈判，8月29日签订甲乙条约。")
    assert record.signed.value == "1842-08-29"


def test_field_lines_of_plain_text() -> None:
    text = "甲乙条约是两国签订的条约。\n\n签署时间：1952年4月28日\n生效日期：1952年8月5日\n失效日期：1972年9月29日\n"
    record, doc = record_of(text)
    assert (record.signed.value, record.effective.value, record.ended.value) == (
        "1952-04-28",
        "1952-08-05",
        "1972-09-29",
    )
    assert record.effective.evidence.text == "1952年8月5日"
    # fields run together on one line, separated by spaces; a dynasty's name before an era date
    record, _ = record_of(
        "甲乙条约 签署日 大清光绪二十七年七月二十五日 签署地点 京城 生效日 1902年1月1日 失效日 1911年3月2日"
    )
    assert (record.signed.value, record.effective.value, record.ended.value) == (
        "1901-09-07",
        "1902-01-01",
        "1911-03-02",
    )


def test_a_field_listing_component_dates_yields_to_the_prose() -> None:
    text = "甲乙条约是1858年签订的一组条约。\n\n签署日 1858年6月13日（甲、乙） 1858年6月27日（甲、丙）\n"
    record, _ = record_of(text)
    assert record.signed.value == "1858"
    record, _ = record_of("甲乙条约\n\n签署日 1858年6月13日（甲、乙） 1858年6月27日（甲、丙）\n")
    assert record.signed.value == "1858-06"


def test_traditional_script_and_ended_with_a_year() -> None:
    text = "甲乙條約於1901年9月7日在京城簽署。1972年，乙國宣布廢止該條約。"
    doc = Document("甲乙條約", "unit.txt", "plain", text, fold(text), list(range(len(text) + 1)),
                   paragraphs=paragraphs_of(text))  # fmt: skip
    record = TreatyRecord(doc.path, doc.title, doc.format)
    run(doc, record, Context())
    assert (record.signed.value, record.signed.text) == ("1901-09-07", "1901年9月7日")
    assert (record.ended.value, record.ended.text) == ("1972", "1972年")


def test_the_end_of_a_state_of_war_is_not_the_agreements_end() -> None:
    record, _ = record_of("甲乙条约于1952年4月28日签订。两国间的战争状态于1952年8月5日终止。")
    assert record.ended is None
    record, _ = record_of("甲乙条约于1952年4月28日签订。1972年9月29日，该条约终止。")
    assert record.ended.value == "1972-09-29"


def infobox_record(text: str, params: dict[str, str]) -> TreatyRecord:
    doc = doc_of(text)
    doc.templates = [Template("Infobox treaty", params, 0, 0, 0, 0)]
    record = TreatyRecord(doc.path, doc.title, doc.format)
    ctx = Context()
    infobox.run(doc, record, ctx)
    run(doc, record, ctx)
    return record


def test_infobox_fields() -> None:
    text = "甲乙条约于1876年签订。"
    record = infobox_record(text, {"date_signed": "{{Start date|1876|9|13}}"})
    assert (record.signed.value, record.signed.text) == ("1876-09-13", "{{Start date|1876|9|13}}")
    assert record.signed.evidence.sentence.startswith("date_signed")
    record = infobox_record(
        text, {"date_effective": "1895年5月8日-1941年12月9日", "签订时间": "1895年4月17日<br>"}
    )
    assert (record.signed.value, record.effective.value, record.ended.value) == (
        "1895-04-17",
        "1895-05-08",
        "1941-12-09",
    )


def test_infobox_field_that_is_not_a_date_is_ignored() -> None:
    record = infobox_record(
        "甲乙条约于1984年签订。", {"date_expiration": "各方观点不一，一方认为1997年7月1日起已履行完毕"}
    )
    assert record.ended is None


# ---------------------------------------------------------------- over ../shared/corpus

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")


def corpus_record(name: str) -> tuple[TreatyRecord, Document, Context]:
    """Run the components the dates step reads after (infobox, names) and dates itself."""
    path = next(p for p in sorted(CORPUS.rglob("*")) if p.stem == name or p.name.startswith(name))
    doc = read_file(path)
    record = TreatyRecord(doc.path, doc.title, doc.format)
    ctx = Context()
    for component in (infobox.run, names.run, run):
        component(doc, record, ctx)
    return record, doc, ctx


def value(fact) -> str | None:
    return fact.value if fact else None


@needs_corpus
@pytest.mark.parametrize(
    ("name", "signed", "effective", "ended"),
    [
        ("000_", "1929-12-22", None, None),  # 于1929年12月22日签订
        ("001_", "1864-10-07", None, None),  # 1864年（同治三年）10月7日
        ("002_", "1950-02-14", "1950-04-11", "1979-02"),  # 同年4月11日起生效; 1979年2月条约期满
        ("璦琿條約", "1858-05-28", None, None),  # Gregorian with era and Julian restatements
        ("尼布楚條約", "1689-09-07", None, None),
        ("南京条约", "1842-08-29", None, None),  # 8月29日（道光二十二年七月二十四日）
        ("中俄密约", "1896-06-03", None, None),  # lead year refined by 于6月3日签订此约
        ("交收东三省条约", "1902-04-08", None, None),  # 光緒二十八年（1902年）4月8日（俄曆3月26日）
        ("马关条约", "1895-04-17", "1895-05-08", "1941-12-09"),
        ("中英聯合聲明", "1984-12-19", "1985-05-27", None),  # the 9月26日 草签 is not the signing
        ("塘沽协定", "1933-05-31", "1933-05-31", None),  # 簽字后即发生效力
        ("日韩合并条约", "1910-08-22", None, "1965"),  # 因1965年的《日韓基本條約》而失效
    ],
)
def test_corpus_dates(name: str, signed: str | None, effective: str | None, ended: str | None) -> None:
    record, _, _ = corpus_record(name)
    assert (value(record.signed), value(record.effective), value(record.ended)) == (signed, effective, ended)


@needs_corpus
def test_corpus_duration_and_precision() -> None:
    record, _, _ = corpus_record("002_")
    assert record.duration.years == 30
    assert record.ended.precision == "month"
    record, _, _ = corpus_record("北京条约")
    assert (record.signed.value, record.signed.precision) == ("1860", "year")


@needs_corpus
@pytest.mark.parametrize(
    "path", sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []
)
def test_corpus_spans_hold_their_text(path: Path) -> None:
    record, doc, ctx = corpus_record(path.stem)
    for m in ctx.data["dates"]:
        assert m.text == doc.plain[m.start : m.end]
        assert m.value is None or re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", m.value)
    for fact in (record.signed, record.effective, record.ended, record.duration):
        if fact is not None:
            ev = fact.evidence
            assert ev.text == doc.plain[ev.start : ev.end]
            assert ev.text in ev.sentence
            assert ev.path == doc.path


def test_an_end_carried_over_from_another_agreements_clause_is_not_ours() -> None:
    text = "甲乙条约于1955年签订。\n\n1954年10月23日，丙国签订《丁戊协定》，决定终止对己国的占领。"
    record, _ = record_of(text)
    assert record.signed.value == "1955" and record.ended is None
    record, _ = record_of("甲乙条约于1955年签订。\n\n1991年7月1日，双方会晤，决定终止甲乙条约。")
    assert record.ended.value == "1991-07-01"


def test_the_bare_word_of_the_title_refines_the_lead_date() -> None:
    text = "甲乙和约是甲国和乙国于1918年3月在丙城签订的和约。\n\n==过程==\n3月3日，在丙城签订了和约。"
    record, _ = record_of(text, "甲乙和约")
    assert (record.signed.value, record.signed.precision) == ("1918-03-03", "day")
    text = "甲乙条约是1860年签订的条约。\n\n==过程==\n10月24日，甲国签订条约。"
    record, _ = record_of(text)
    assert record.signed.value == "1860"  # 条约 names any treaty

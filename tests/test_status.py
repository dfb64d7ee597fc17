"""Status: stated of this agreement, not of others, not negated, not merely foreseen."""

from __future__ import annotations

import pytest

from yuezhang.document import Document
from yuezhang.extract import status
from yuezhang.extract.pipeline import Context
from yuezhang.extract.record import TreatyRecord


def _run(text: str) -> list[tuple[str, str]]:
    doc = Document("甲乙议定书", "t.txt", "plain", text, text, list(range(len(text) + 1)))
    record = TreatyRecord(path=doc.path, title=doc.title, format="plain")
    status.run(doc, record, Context())
    for s in record.status:
        assert s.evidence.text == s.text == doc.plain[s.evidence.start : s.evidence.end]
        assert s.text in s.evidence.sentence
    return [(s.status, s.text) for s in record.status]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("议定书签订后，未能得到中央政府的正式承认。", ("not_recognised", "未能得到中央政府的正式承认")),
        ("该约签订后，乙国政府不承认其效力。", ("not_recognised", "不承认")),
        ("甲国朝廷始终未批准该条约。", ("not_ratified", "未批准")),
        ("条约签订后，乙国议会拒绝批准。", ("not_ratified", "拒绝批准")),
        ("1979年条约期满后没有再延长。", ("expired", "期满")),
        ("1953年乙国政府宣布废除该约。", ("abrogated", "废除")),
        ("该条约于1941年失效。", ("abrogated", "失效")),
        ("战后该条约被《丙丁和约》取代。", ("superseded", "被《丙丁和约》取代")),
    ],
)
def test_status_statements(sentence: str, expected: tuple[str, str]) -> None:
    assert _run("《甲乙议定书》是两国签订的议定书。" + sentence) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "本约有效期十五年，期满前双方可商议是否续约。",  # a provision, not an event
        "租期应于某年期满，然而不了了之。",  # foreseen
        "后来的《丙丁声明》中并没有声明废除此条约。",  # negated
        "战后，甲国废除了一切不平等条约。",  # other agreements
        "《丙丁条约》于1900年失效。",  # another agreement's status
        "乙国政府不承认甲国对该岛的主权。",  # not about an agreement
    ],
)
def test_not_a_status_of_this_agreement(sentence: str) -> None:
    assert _run("《甲乙议定书》是两国签订的议定书。" + sentence) == []


def test_one_fact_per_status_in_text_order() -> None:
    got = _run("该议定书未能得到政府的承认。后来该议定书期满。政府亦不承认该议定书。")
    assert [s for s, _ in got] == ["not_recognised", "expired"]


@pytest.mark.parametrize(
    "sentence",
    [
        "该约还废除了先前的《丙丁条约》。",  # the object is another agreement
        "乙国政府不承认任何不平等条约。",  # general
        "中葡通商条约，因此次战争作废。",  # an unquoted name of another agreement
        "和好已定，边境一切争执永予废除，倘各严守约章。",  # a term of the treaty, not its end
    ],
)
def test_status_of_something_else(sentence: str) -> None:
    assert _run("《甲乙议定书》是两国签订的议定书。" + sentence) == []

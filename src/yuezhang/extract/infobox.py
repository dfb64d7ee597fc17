"""Extraction component: the agreement infobox, its fields as plain text, its flags as polities.

Finds `{{Infobox treaty}}` / `{{条约信息框}}` ... in `doc.templates` and puts, for the
components after it:

- `ctx.data["infobox"]`: {normalised field: (value as plain text, start, end)} where
  start/end is the template's position in `doc.plain`. Fields: name, long_name, type,
  date_drafted, date_signed, location_signed, date_sealed, date_effective,
  condition_effective, date_expiration, signatories, parties, ratifiers, depositor,
  languages (Chinese parameter names are mapped to these).
- `ctx.data["infobox_parties"]`: [(surface, canonical polity or None)], one per party entry.
- `ctx.data["infobox_signatories"]`: [(name, side polity or None, office or None)].
- `ctx.data["infobox_template"]`: the Template itself.

A template shows no text, so a fact read from it has no words of `plain` to point at:
`evidence(doc, ctx, field)` builds an Evidence whose span is the template's position
(text = plain[start:end], usually "") and whose *sentence* is "field: value", the
parameter's own text, so that the fact can still be shown with what it was read from.
"""

from __future__ import annotations

import re
from typing import Any

import mwparserfromhell
from mwparserfromhell.nodes import Tag, Template, Text, Wikilink

from yuezhang.document import Document
from yuezhang.document import Template as DocTemplate
from yuezhang.extract.record import Evidence, TreatyRecord
from yuezhang.knowledge.polities import Polity, by_flag, norm, resolve
from yuezhang.variants import fold

_INFOBOX = re.compile(r"^(infobox ?(treaty|agreement|convention)|条约信息框|条约资讯框|条约)$", re.I)

#: parameter names (lower case, folded) → the normalised field
FIELDS = {
    "name": "name",
    "名称": "name",
    "条约名称": "name",
    "中文名": "name",
    "long_name": "long_name",
    "longname": "long_name",
    "全称": "long_name",
    "正式名称": "long_name",
    "type": "type",
    "类型": "type",
    "date_drafted": "date_drafted",
    "起草日期": "date_drafted",
    "date_signed": "date_signed",
    "signed": "date_signed",
    "签订日期": "date_signed",
    "签署日期": "date_signed",
    "签订时间": "date_signed",
    "签署时间": "date_signed",
    "签约日期": "date_signed",
    "location_signed": "location_signed",
    "location": "location_signed",
    "签订地点": "location_signed",
    "签署地点": "location_signed",
    "签约地点": "location_signed",
    "date_sealed": "date_sealed",
    "date_effective": "date_effective",
    "effective": "date_effective",
    "生效日期": "date_effective",
    "生效时间": "date_effective",
    "condition_effective": "condition_effective",
    "生效条件": "condition_effective",
    "date_expiration": "date_expiration",
    "expiration": "date_expiration",
    "expiry": "date_expiration",
    "失效日期": "date_expiration",
    "终止日期": "date_expiration",
    "期满日期": "date_expiration",
    "signatories": "signatories",
    "signers": "signatories",
    "签署人": "signatories",
    "签字人": "signatories",
    "签约人": "signatories",
    "签署者": "signatories",
    "parties": "parties",
    "缔约方": "parties",
    "缔约国": "parties",
    "签约国": "parties",
    "签约国家": "parties",
    "ratifiers": "ratifiers",
    "批准国": "ratifiers",
    "depositor": "depositor",
    "保存者": "depositor",
    "language": "languages",
    "languages": "languages",
    "语言": "languages",
}

_FLAG_WRAPPERS = {"flag", "flagicon", "flagcountry", "flagu", "flagdeco", "flag icon", "flaglink", "country"}
_FLAG_IMAGE = {"flagicon image", "flag icon image", "flagimage"}
_SEPARATOR_TAGS = {"hr", "br", "li", "p"}
#: language-conversion markup: -{text}- or -{zh-hans:a;zh-hant:b}-
_CONVERSION = re.compile(r"-\{(?:[^{}]*?:)?([^{};]*)(?:;[^{}]*)?\}-")
_OFFICE_TAIL = re.compile(r"[（(][^（）()]*[)）]")


def template_key(name: str) -> str:
    """A template name compared case- and script-insensitively: "Infobox_Treaty" → "infobox treaty"."""
    return re.sub(r"[\s_]+", " ", fold(name)).strip().lower()


def find(doc: Document) -> DocTemplate | None:
    """The document's agreement infobox template, if it has one."""
    for t in doc.templates:
        if _INFOBOX.match(template_key(t.name)):
            return t
    return None


def _flag_polity(t: Template, when: str | None) -> Polity | None:
    """The polity a flag template names: {{QING}}, {{flag|QING|1862}}, {{flagicon image|Flag of …}}."""
    name = str(t.name).strip()
    low = name.lower()
    if low in _FLAG_WRAPPERS and t.has(1):
        return by_flag(str(t.get(1).value).strip(), when)
    if low in _FLAG_IMAGE and t.has(1):
        m = re.match(
            r"(?:File:|Image:)?Flag[ _]of[ _](?:the[ _])?(.+?)(?:[ _]\(\d{4}[^)]*\))?\.(?:svg|png|gif)$",
            str(t.get(1).value).strip(),
            re.I,
        )
        return by_flag(m.group(1).replace("_", " "), when) if m else None
    return by_flag(name, when) if not t.params else None


def _conversion(text: str) -> str:
    return _CONVERSION.sub(lambda m: m.group(1), text)


def _entries(value: str, when: str | None) -> list[tuple[str, list[str], Polity | None]]:
    """Split a parameter at <hr>/<br>/line breaks into entries: (plain text, link texts, flag polity)."""
    code = mwparserfromhell.parse(_conversion(value))
    entries: list[tuple[str, list[str], Polity | None]] = []
    text: list[str] = []
    links: list[str] = []
    flag: Polity | None = None

    def close() -> None:
        nonlocal text, links, flag
        plain = re.sub(r"\s+", " ", "".join(text)).strip()
        if plain or flag is not None:
            entries.append((plain, links, flag))
        text, links, flag = [], [], None

    for node in code.nodes:
        if isinstance(node, Template):
            p = _flag_polity(node, when)
            if p is not None:
                if flag is not None and (text or links):
                    close()
                flag = flag or p
        elif isinstance(node, Wikilink):
            if str(node.title).strip().lower().startswith(("file:", "image:", "文件:", "图像:", "category:")):
                continue
            shown = str(node.text if node.text is not None else node.title).strip()
            shown = mwparserfromhell.parse(shown).strip_code().strip()
            links.append(shown)
            text.append(shown)
        elif isinstance(node, Tag):
            tag = str(node.tag).lower()
            if tag in _SEPARATOR_TAGS:
                close()
            elif tag not in ("ref", "small", "sup") and node.contents is not None:
                text.append(node.contents.strip_code())
        elif isinstance(node, Text):
            parts = str(node).split("\n")
            for i, part in enumerate(parts):
                if i:
                    close()
                text.append(part)
        else:
            text.append(mwparserfromhell.parse(str(node)).strip_code())
    close()
    return entries


def plain_value(value: str) -> str:
    """A parameter value as plain text; entries joined by "；", a flag alone read as its polity."""
    parts = [text or (flag.name if flag else "") for text, _links, flag in _entries(value, None)]
    return "；".join(p for p in parts if p)


def _signatories(value: str, when: str | None) -> list[tuple[str, str | None, str | None]]:
    out: list[tuple[str, str | None, str | None]] = []
    for text, links, flag in _entries(value, when):
        side = flag.name if flag else None
        segments = [s for s in re.split(r"[、，,；;/]", text) if s.strip()]
        for seg in segments:
            seg = _OFFICE_TAIL.sub("", seg).strip()
            name = next((lk for lk in reversed(links) if lk and seg.endswith(lk)), None)
            name = name or next((lk for lk in reversed(links) if lk and lk in seg), None)
            if name is None:
                name = seg
                office = None
            else:
                office = seg[: seg.index(name)].strip() or None
            if name and re.search(r"[\u4e00-\u9fff]", name):
                out.append((name, side, office))
    return out


def _parties(value: str, when: str | None) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for text, _links, flag in _entries(value, when):
        p = flag or (resolve(text, when) if text else None)
        out.append((text or (flag.name if flag else ""), p.name if p else None))
    return out


def read(doc: Document, when: str | None = None) -> dict[str, Any]:
    """The infobox's fields (see module doc); {} when the document has no agreement infobox."""
    t = find(doc)
    if t is None:
        return {}
    fields: dict[str, tuple[str, int, int]] = {}
    raw: dict[str, str] = {}
    for key, value in _raw_params(doc, t).items():
        f = FIELDS.get(norm(key).lower())
        if f is None or f in fields or not value.strip():
            continue
        text = plain_value(value)
        if text:
            fields[f] = (text, t.start, t.end)
            raw[f] = value
    signed = when or _year(fields.get("date_signed", ("", 0, 0))[0])
    return {
        "infobox": fields,
        "infobox_template": t,
        "infobox_parties": _parties(raw["parties"], signed) if "parties" in raw else [],
        "infobox_signatories": _signatories(raw["signatories"], signed) if "signatories" in raw else [],
    }


def _raw_params(doc: Document, t: DocTemplate) -> dict[str, str]:
    """The template's parameters as wikitext (flags and links intact), read again from the source.

    Readers give parameters as plain text, which loses the flag templates; the template's
    source span lets us parse the original.
    """
    if t.source_end > t.source_start:
        parsed = mwparserfromhell.parse(doc.source[t.source_start : t.source_end]).filter_templates(
            recursive=False
        )
        if parsed:
            return {str(p.name).strip(): str(p.value) for p in parsed[0].params}
    return dict(t.params)


def _year(text: str) -> str | None:
    m = re.search(r"(1[5-9]\d\d|20\d\d)", text)
    return m.group(1) if m else None


def evidence(doc: Document, ctx: Any, field: str) -> Evidence | None:
    """Evidence for a fact read from infobox `field`: the template's span, "field: value" as sentence."""
    box = ctx.data.get("infobox", {})
    if field not in box:
        return None
    value, start, end = box[field]
    t = ctx.data.get("infobox_template")
    s, e = (t.source_start, t.source_end) if t is not None else doc.source_span(start, end)
    return Evidence(doc.path, start, end, doc.plain[start:end], f"{field}: {value}", s, e)


def run(doc: Document, record: TreatyRecord, ctx: Any) -> None:
    """Read the infobox into ctx.data (no record fields: the other components reconcile)."""
    ctx.data.update(read(doc))

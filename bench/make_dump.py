"""Make a realistic synthetic zhwiki-like multistream dump (with its index) for benchmarks.

    .venv/bin/python bench/make_dump.py --pages 200000 --out /tmp/synthetic-multistream.xml.bz2

Pages, in a shuffled but reproducible order (`--seed`):
- treaty articles: the wikitext articles of ../shared/corpus that are treaties, repeated
  under numbered titles ("马关条约 (2)") up to `--treaty-rate` of the pages (0.2%, as in a
  real wiki), each with one or two redirects (its title in traditional script, a variant);
- near misses (~0.5%): the corpus's non-treaty wikitext articles (a person) and filler
  pages whose lead names an agreement: half of them say what the page is in terms the
  prefilter must let through ("X是一位曾参与签订一项条约的外交官", which only detection
  rejects), half only mention one ("X，曾参与签订一项条约", which the prefilter rejects);
- redirects (~8%) to filler pages, and pages of other namespaces (~3%, skipped by the build);
- filler articles: sentences of made-up words over the corpus's character frequencies,
  with an infobox, bold title, links, sections, references and categories, sized around
  4.5 KB (log-normal), so that ~200,000 pages make ~1 GB of XML.
Streams of 100 pages are compressed in parallel (`--workers`, default all cores).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from yuezhang.sources.dump_prefilter import mentions_agreement, title_is_candidate
from yuezhang.sources.dump_writer import DumpPage, index_path, write_multistream
from yuezhang.variants import convert

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def corpus_articles() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(title, wikitext) of the corpus's wikitext treaty articles, and of its other wikitext articles."""
    gold = {}
    for line in (SHARED / "gold/dev.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        gold[g["file"]] = g
    treaties, others = [], []
    for path in sorted((SHARED / "corpus/dev").glob("*.wikitext")):
        g = gold.get(f"dev/{path.name}")
        (treaties if g and g["is_treaty"] else others).append((path.stem, path.read_text(encoding="utf-8")))
    return treaties, others


class Filler:
    """Made-up but wiki-shaped articles: words are random character runs, never corpus sentences."""

    def __init__(self, rng: random.Random, sentences: int = 20000) -> None:
        self.rng = rng
        text = "".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus").rglob("*.*")))
        freq = Counter(_CJK.findall(text))
        chars, weights = zip(*freq.most_common(2500), strict=True)
        words = []
        for _ in range(4000):
            n = rng.choices((1, 2, 3, 4), (2, 6, 3, 1))[0]
            words.append("".join(rng.choices(chars, weights, k=n)))
        self.words = words
        pool = []
        while len(pool) < sentences:
            ws = rng.choices(words, k=rng.randint(6, 22))
            if rng.random() < 0.4:
                ws.insert(rng.randint(1, len(ws) - 1), f"[[{rng.choice(words)}]]")
            s = "".join(ws)
            if rng.random() < 0.5:
                s = s[: len(s) // 2] + "，" + s[len(s) // 2 :]
            if not mentions_agreement(s):  # keep filler free of agreement words
                pool.append(s + "。")
        self.sentences = pool

    def title(self) -> str:
        while True:  # never an agreement's name by chance
            title = "".join(self.rng.choices(self.words, k=self.rng.randint(1, 3)))
            if not title_is_candidate(title) and not mentions_agreement(title):
                return title

    def paragraph(self) -> str:
        return "".join(self.rng.choices(self.sentences, k=self.rng.randint(2, 7)))

    def article(self, title: str, lead_extra: str = "") -> str:
        rng = self.rng
        size = min(60000, int(rng.lognormvariate(7.1, 0.8)))  # characters of wikitext
        parts = []
        if rng.random() < 0.4:
            fields = "".join(
                f"|{rng.choice(self.words)} = {rng.choice(self.words)}\n" for _ in range(rng.randint(3, 9))
            )
            parts.append(f"{{{{Infobox {rng.choice(self.words)}\n{fields}}}}}\n")
        parts.append(
            f"'''{title}'''{lead_extra}{self.paragraph()}<ref>{rng.choice(self.sentences)}</ref>\n\n"
        )
        length = sum(len(p) for p in parts)
        while length < size:
            block = f"== {rng.choice(self.words)} ==\n{self.paragraph()}\n\n{self.paragraph()}\n\n"
            parts.append(block)
            length += len(block)
        parts.append("== 参考文献 ==\n{{reflist}}\n\n")
        parts.extend(f"[[Category:{rng.choice(self.words)}]]\n" for _ in range(rng.randint(1, 4)))
        return "".join(parts).rstrip()


def generate(n_pages: int, seed: int = 1, treaty_rate: float = 0.002) -> Iterator[DumpPage]:
    """The pages of a synthetic dump, in order."""
    rng = random.Random(seed)
    treaties, others = corpus_articles()
    filler = Filler(rng)
    n_treaty = max(len(treaties), int(n_pages * treaty_rate))
    kinds = ["treaty"] * n_treaty + ["near"] * int(n_pages * 0.005) + ["redirect"] * int(n_pages * 0.08)
    kinds += ["other_ns"] * int(n_pages * 0.03)
    kinds += ["filler"] * max(0, n_pages - len(kinds))
    rng.shuffle(kinds)
    used: set[str] = set()
    fillers: list[str] = []
    copies: Counter[str] = Counter()
    page_id = 0

    def unique(title: str) -> str:
        base, k = title, 1
        while title in used:
            k += 1
            title = f"{base} ({k})"
        used.add(title)
        return title

    treaty_i = near_i = 0
    for kind in kinds:
        page_id += 1
        if kind == "treaty":
            name, text = treaties[treaty_i % len(treaties)]
            treaty_i += 1
            copies[name] += 1
            title = unique(name)
            yield DumpPage(title, page_id, text)
            for alias in {convert(title, "zh-hant"), title + "（条约）"} - used:
                if rng.random() < 0.7:
                    page_id += 1
                    used.add(alias)
                    yield DumpPage(alias, page_id, f"#REDIRECT [[{title}]]", redirect=title)
        elif kind == "near":
            near_i += 1
            if near_i % 3 == 0 and others:
                name, text = others[near_i % len(others)]
                yield DumpPage(unique(name), page_id, text)
            else:
                title = unique(filler.title())
                lead = "，曾参与签订一项条约。" if near_i % 2 else "是一位曾参与签订一项条约的外交官。"
                yield DumpPage(title, page_id, filler.article(title, lead))
        elif kind == "redirect" and fillers:
            title = unique(filler.title())
            target = rng.choice(fillers)
            yield DumpPage(title, page_id, f"#REDIRECT [[{target}]]", redirect=target)
        elif kind == "other_ns":
            ns = rng.choice((4, 10, 14))
            prefix = {4: "Wikipedia:", 10: "Template:", 14: "Category:"}[ns]
            yield DumpPage(unique(prefix + filler.title()), page_id, filler.paragraph(), ns=ns)
        else:
            title = unique(filler.title())
            fillers.append(title)
            if len(fillers) > 5000:
                fillers.pop(rng.randrange(len(fillers)))
            yield DumpPage(title, page_id, filler.article(title))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--treaty-rate", type=float, default=0.002)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    stats = Counter()

    def counted() -> Iterator[DumpPage]:
        for p in generate(args.pages, args.seed, args.treaty_rate):
            stats["pages"] += 1
            stats["text_bytes"] += len(p.text.encode("utf-8"))
            yield p

    write_multistream(args.out, counted(), workers=args.workers)
    size = args.out.stat().st_size
    print(
        f"{args.out}: {stats['pages']} pages, {stats['text_bytes'] / 1e6:.0f} MB of wikitext, "
        f"{size / 1e6:.0f} MB compressed, index {index_path(args.out).name}, {time.perf_counter() - t0:.0f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()

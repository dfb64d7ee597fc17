"""`yuezhang fetch` against a real HTTP server on loopback that answers like the Action API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_mediawiki import Failure, FakeWiki

from yuezhang.sources.fetch import ApiClient, FetchError, fetch, file_name, retry_after
from yuezhang.sources.fetch_cli import fetch as fetch_command

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
HEADER = re.compile(r"\A<!-- yuezhang: (\{.*?\}) -->\n", re.S)

CATEGORIES = {
    "Category:中俄条约": [
        "伊犁條約",
        "Category:中俄边界",
        "中俄伊犁塔爾巴哈臺通商章程",
        "伯力会议议定书",
        "中俄睦邻友好合作条约",
    ],
    "Category:中俄边界": ["交收东三省条约", "Category:更深", "伊犁條約"],
    "Category:更深": ["塘沽协定"],
}
REDIRECTS = {"伊犁条约": "伊犁條約", "中俄伊犁条约": "伊犁條約"}


def corpus_text(title: str) -> str:
    return next(CORPUS.rglob(f"{title}.wikitext")).read_text(encoding="utf-8")


def read_fetched(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    m = HEADER.match(text)
    assert m, f"{path.name} lacks the yuezhang header"
    return json.loads(m.group(1)), text[m.end() :]


def client_for(wiki: FakeWiki, tmp_path: Path, waits: list[float] | None = None, **kw) -> ApiClient:
    def sleep(seconds: float) -> None:
        if waits is not None:
            waits.append(seconds)

    return ApiClient(wiki.api, cache_dir=tmp_path / "cache", contact="tests@example.org", sleep=sleep, **kw)


def test_titles_redirects_missing_and_content_batches(tmp_path: Path) -> None:
    titles = ["伊犁条约", "马关条约", "烟台条约", "塘沽协定", "没有这一页"]
    with FakeWiki(CORPUS, redirects=REDIRECTS) as wiki, client_for(wiki, tmp_path) as client:
        result = fetch(client, tmp_path / "out", titles=titles)
        log = list(wiki.log)
    assert result.missing == ["没有这一页"]
    assert result.redirects == {"伊犁条约": "伊犁條約"}
    names = sorted(p.name for p in result.written)
    assert names == sorted(file_name(t) for t in ["伊犁條約", "马关条约", "烟台条约", "塘沽协定"])
    for path in result.written:
        meta, body = read_fetched(path)
        assert body == corpus_text(meta["title"])
        assert isinstance(meta["page_id"], int) and isinstance(meta["revision_id"], int)
        assert meta["timestamp"].endswith("Z")
        assert meta["url"].startswith(wiki.base + "/wiki/")
    # four pages with content, two per answer: the client followed rvcontinue
    assert any("rvcontinue" in entry["params"] for entry in log)
    for entry in log:
        assert entry["params"]["maxlag"] == "5"
        assert entry["params"]["formatversion"] == "2"
        assert entry["params"]["rvprop"] == "content|ids|timestamp"
        assert entry["params"]["rvslots"] == "main"
        assert entry["user_agent"].startswith("yuezhang/")
        assert "tests@example.org" in entry["user_agent"]


def test_retries_429_and_maxlag_honouring_retry_after(tmp_path: Path) -> None:
    failures = {1: Failure("429", "3"), 2: Failure("maxlag", "2"), 3: Failure("503", None)}
    waits: list[float] = []
    with (
        FakeWiki(CORPUS, failures=failures) as wiki,
        client_for(wiki, tmp_path, waits, backoff=0.5) as client,
    ):
        result = fetch(client, tmp_path / "out", titles=["马关条约"])
        sent = len(wiki.log)
    assert [p.name for p in result.written] == [file_name("马关条约")]
    assert sent == 4  # three failures, then the answer
    # Retry-After honoured for the 429 and the maxlag error; exponential backoff for the bare 503
    assert waits == [3.0, 2.0, 0.5 * 2**2]


def test_gives_up_after_the_retry_budget(tmp_path: Path) -> None:
    failures = {i: Failure("503", None) for i in range(1, 10)}
    waits: list[float] = []
    with FakeWiki(CORPUS, failures=failures) as wiki:
        with client_for(wiki, tmp_path, waits, retries=3, backoff=1.0) as client:
            with pytest.raises(FetchError, match="503"):
                fetch(client, tmp_path / "out", titles=["马关条约"])
        assert len(wiki.log) == 4
    assert waits == [1.0, 2.0, 4.0]


def test_category_depth_and_member_continuation(tmp_path: Path) -> None:
    with FakeWiki(CORPUS, categories=CATEGORIES) as wiki:
        with client_for(wiki, tmp_path / "a") as client:
            shallow = fetch(client, tmp_path / "shallow", categories=["中俄条约"], depth=0)
        with client_for(wiki, tmp_path / "b") as client:
            deep = fetch(client, tmp_path / "deep", categories=["Category:中俄条约"], depth=2)
        log = list(wiki.log)
    titles = lambda result: sorted(read_fetched(p)[0]["title"] for p in result.written)  # noqa: E731
    direct = ["中俄伊犁塔爾巴哈臺通商章程", "中俄睦邻友好合作条约", "伊犁條約", "伯力会议议定书"]
    assert titles(shallow) == sorted(direct)
    assert titles(deep) == sorted(direct + ["交收东三省条约", "塘沽协定"])
    assert any("cmcontinue" in e["params"] for e in log)
    assert {e["params"].get("cmtitle") for e in log} >= {
        "Category:中俄条约",
        "Category:中俄边界",
        "Category:更深",
    }


def test_second_run_is_served_from_the_cache(tmp_path: Path) -> None:
    with FakeWiki(CORPUS, categories=CATEGORIES, redirects=REDIRECTS) as wiki:
        with client_for(wiki, tmp_path) as client:
            first = fetch(client, tmp_path / "one", titles=["中俄伊犁条约"], categories=["中俄条约"], depth=1)
        sent = len(wiki.log)
        with client_for(wiki, tmp_path) as client:
            second = fetch(
                client, tmp_path / "two", titles=["中俄伊犁条约"], categories=["中俄条约"], depth=1
            )
            assert client.requests == 0
        assert len(wiki.log) == sent
        with client_for(wiki, tmp_path, cache_ttl=0) as client:
            fetch(client, tmp_path / "three", titles=["中俄伊犁条约"])
            assert client.requests > 0
    assert sorted(p.name for p in first.written) == sorted(p.name for p in second.written)


def test_cli_writes_files(tmp_path: Path) -> None:
    with FakeWiki(CORPUS, redirects=REDIRECTS) as wiki:
        out = tmp_path / "articles"
        args = [
            "--api",
            wiki.api,
            "--title",
            "伊犁条约",
            "--title",
            "胶澳租借条约",
            "-o",
            str(out),
            "--contact",
            "t@e.org",
        ]
        res = CliRunner().invoke(fetch_command, args)
        assert res.exit_code == 0, res.output
        assert "wrote 2 articles" in res.output
        assert sorted(p.name for p in out.glob("*.wikitext")) == sorted(
            [file_name("伊犁條約"), file_name("胶澳租借条约")]
        )
        assert any((out / ".cache").iterdir())
        res = CliRunner().invoke(fetch_command, ["--api", wiki.api, "-o", str(out)])
        assert res.exit_code != 0 and "--title or --category" in res.output


def test_retry_after_forms() -> None:
    assert retry_after("7") == 7.0
    assert retry_after(None) is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past: no wait
    assert retry_after("soon") is None


def test_file_names_are_safe() -> None:
    assert file_name("AC/DC") == "AC%2FDC.wikitext"
    assert file_name(".hidden") == "%2Ehidden.wikitext"
    assert file_name("100%") == "100%25.wikitext"


def test_fetched_files_build_with_their_page_and_revision_ids(tmp_path: Path) -> None:
    from yuezhang.export import run_export
    from yuezhang.store import db as dbm
    from yuezhang.store.build import build_paths

    out = tmp_path / "articles"
    with FakeWiki(CORPUS, redirects=REDIRECTS) as wiki, client_for(wiki, tmp_path) as client:
        result = fetch(client, out, titles=["伊犁条约", "马关条约", "张学良"])
    headers = {read_fetched(p)[0]["title"]: read_fetched(p)[0] for p in result.written}
    report = build_paths([out], tmp_path / "fetched.db")
    assert not report.errors and report.documents == 3
    conn = dbm.connect(tmp_path / "fetched.db", readonly=True)
    for title, record in conn.execute("SELECT title, record FROM records"):
        source = json.loads(record)["source"]
        meta = headers[title]
        assert {k: source[k] for k in ("page_id", "revision_id", "timestamp", "url")} == {
            k: meta[k] for k in ("page_id", "revision_id", "timestamp", "url")
        }
    qs = tmp_path / "fetched.qs"
    run_export(tmp_path / "fetched.db", "quickstatements", qs)
    urls = {line.split("\t")[6] for line in qs.read_text("utf-8").splitlines() if "\tS854\t" in line}
    assert urls and all(u.startswith(f'"{wiki.base}/wiki/') for u in urls)  # the fetched page's own URL

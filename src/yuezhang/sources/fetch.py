"""Fetch articles' current wikitext from a live wiki through the MediaWiki Action API.

A polite client: it names itself in a descriptive User-Agent, sends `maxlag` so it
backs off when the wiki's databases lag, retries 429 and 5xx answers (and maxlag
errors) with exponential backoff that honours `Retry-After`, follows the API's
`continue` protocol, and keeps an on-disk cache of answers so a second run costs the
wiki nothing. Each page is written as `<title>.wikitext` with a leading
`<!-- yuezhang: {...} -->` header (title, page id, revision id, timestamp, URL) that
the readers turn into `Document.meta`.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from yuezhang import __version__ as _version

#: Statuses worth retrying: rate limited, or the server had a bad moment.
RETRY_STATUSES = {429, 500, 502, 503, 504}
#: The Action API takes at most 50 titles per query (500 for bots).
TITLES_PER_QUERY = 50
CATEGORY_NS = 14


class FetchError(RuntimeError):
    """The wiki answered with an error we cannot retry away."""


def user_agent(contact: str | None = None) -> str:
    """A User-Agent that says who we are and how to reach the operator (Wikimedia policy)."""
    who = contact or "no contact given; pass --contact"
    return f"yuezhang/{_version} (treaty knowledge base builder; {who}) httpx/{httpx.__version__}"


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass
class ApiClient:
    """One wiki's Action API, with retries, backoff and a response cache."""

    api: str
    cache_dir: Path | None = None
    cache_ttl: float = 86400.0
    contact: str | None = None
    maxlag: int = 5
    retries: int = 6
    backoff: float = 1.0
    max_wait: float = 120.0
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0  # HTTP requests actually sent (cache hits excluded)
    _http: httpx.Client | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._http = httpx.Client(
            headers={"User-Agent": user_agent(self.contact), "Accept-Encoding": "gzip"},
            timeout=self.timeout,
            follow_redirects=True,
        )

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _cache_path(self, params: dict[str, str]) -> Path | None:
        if self.cache_dir is None:
            return None
        key = json.dumps([self.api, sorted(params.items())], ensure_ascii=False)
        return self.cache_dir / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.json"

    def get(self, params: dict[str, Any]) -> dict[str, Any]:
        """One API call (format=json, formatversion=2, maxlag), from the cache when fresh."""
        full = {k: str(v) for k, v in params.items()}
        full.update(format="json", formatversion="2", maxlag=str(self.maxlag))
        path = self._cache_path(full)
        if path is not None and path.exists() and time.time() - path.stat().st_mtime < self.cache_ttl:
            return json.loads(path.read_text(encoding="utf-8"))
        data = self._get_with_retries(full)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        return data

    def _wait(self, attempt: int, hinted: float | None) -> None:
        delay = hinted if hinted is not None else self.backoff * (2**attempt)
        self.sleep(min(delay, self.max_wait))

    def _get_with_retries(self, params: dict[str, str]) -> dict[str, Any]:
        assert self._http is not None
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                self.requests += 1
                resp = self._http.get(self.api, params=params)
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(f"{self.api}: {exc}") from exc
                self._wait(attempt, None)
                continue
            if resp.status_code in RETRY_STATUSES:
                if last:
                    raise FetchError(f"{self.api}: HTTP {resp.status_code} after {self.retries} retries")
                self._wait(attempt, retry_after(resp.headers.get("Retry-After")))
                continue
            if resp.status_code != 200:
                raise FetchError(f"{self.api}: HTTP {resp.status_code}: {resp.text[:200]}")
            data = resp.json()
            error = data.get("error")
            if error and error.get("code") == "maxlag":
                if last:
                    raise FetchError(f"{self.api}: database lag persisted: {error.get('info')}")
                self._wait(
                    attempt,
                    retry_after(resp.headers.get("Retry-After")) or float(error.get("lag", 0)) or None,
                )
                continue
            if error:
                raise FetchError(f"{self.api}: {error.get('code')}: {error.get('info')}")
            return data
        raise FetchError(f"{self.api}: no answer")  # unreachable: the loop returns or raises

    def query(self, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Yield each batch of a `action=query` request, following `continue`."""
        cont: dict[str, Any] = {}
        while True:
            data = self.get({"action": "query", **params, **cont})
            yield data
            if "continue" not in data:
                return
            cont = data["continue"]


@dataclass
class Page:
    """A page's current revision as the API gave it."""

    title: str
    page_id: int
    revision_id: int
    timestamp: str
    url: str
    content: str

    def header(self) -> str:
        meta = {
            "title": self.title,
            "page_id": self.page_id,
            "revision_id": self.revision_id,
            "timestamp": self.timestamp,
            "url": self.url,
        }
        return f"<!-- yuezhang: {json.dumps(meta, ensure_ascii=False)} -->\n"


@dataclass
class FetchResult:
    written: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def fetch_pages(client: ApiClient, titles: Iterable[str]) -> tuple[list[Page], list[str], dict[str, str]]:
    """The current revisions of `titles` (redirects followed): pages, missing titles, redirects."""
    pages: dict[int, Page] = {}
    missing: list[str] = []
    redirects: dict[str, str] = {}
    wanted = list(dict.fromkeys(t.strip() for t in titles if t.strip()))
    for batch in _chunks(wanted, TITLES_PER_QUERY):
        params = {
            "prop": "revisions|info",
            "rvprop": "content|ids|timestamp",
            "rvslots": "main",
            "inprop": "url",
            "redirects": "1",
            "titles": "|".join(batch),
        }
        for data in client.query(params):
            q = data.get("query", {})
            for r in q.get("redirects", []):
                redirects[r["from"]] = r["to"]
            for p in q.get("pages", []):
                if p.get("missing") or p.get("invalid"):
                    if p["title"] not in missing:  # listed again in each continuation batch
                        missing.append(p["title"])
                    continue
                revs = p.get("revisions") or []
                if not revs:  # content comes in a later continuation batch
                    continue
                rev = revs[0]
                pages[p["pageid"]] = Page(
                    title=p["title"],
                    page_id=p["pageid"],
                    revision_id=rev["revid"],
                    timestamp=rev["timestamp"],
                    url=p.get("canonicalurl") or p.get("fullurl") or "",
                    content=rev["slots"]["main"]["content"],
                )
    return list(pages.values()), missing, redirects


def category_members(client: ApiClient, category: str, depth: int = 0) -> list[str]:
    """Article titles in `category`, descending into subcategories `depth` levels."""
    if ":" not in category:
        category = f"Category:{category}"
    titles: list[str] = []
    seen = {category}
    level = [category]
    for d in range(depth + 1):
        below: list[str] = []
        for cat in level:
            params = {"list": "categorymembers", "cmtitle": cat, "cmtype": "page|subcat", "cmlimit": "max"}
            for data in client.query(params):
                for m in data.get("query", {}).get("categorymembers", []):
                    if m.get("ns") == CATEGORY_NS:
                        if d < depth and m["title"] not in seen:
                            seen.add(m["title"])
                            below.append(m["title"])
                    elif m.get("ns") == 0:
                        titles.append(m["title"])
        level = below
    return list(dict.fromkeys(titles))


def file_name(title: str) -> str:
    """A file name for a page title: the title itself, with path separators escaped."""
    name = title.replace("%", "%25").replace("/", "%2F").replace("\\", "%5C").replace("\x00", "")
    if name.startswith("."):
        name = "%2E" + name[1:]
    return f"{name}.wikitext"


def write_page(page: Page, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / file_name(page.title)
    path.write_text(page.header() + page.content, encoding="utf-8")
    return path


def fetch(
    client: ApiClient,
    out_dir: Path,
    titles: Iterable[str] = (),
    categories: Iterable[str] = (),
    depth: int = 0,
) -> FetchResult:
    """Fetch the given titles and the articles of the given categories into `out_dir`."""
    wanted = list(titles)
    for cat in categories:
        wanted.extend(category_members(client, cat, depth))
    pages, missing, redirects = fetch_pages(client, wanted)
    result = FetchResult(missing=missing, redirects=redirects)
    for page in pages:
        result.written.append(write_page(page, out_dir))
    return result

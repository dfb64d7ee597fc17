"""A small HTTP server on 127.0.0.1 that answers like the MediaWiki Action API.

It serves the `.wikitext` articles of ../shared/corpus as pages (title = file stem),
with categories, redirects, `continue` batches for categorymembers and for revision
content, and scripted failures (HTTP 429 with Retry-After, maxlag errors, 5xx) so
the fetch client's retries can be exercised against real HTTP.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

TIMESTAMP = "2024-05-01T12:00:00Z"


@dataclass
class Failure:
    """What to answer instead of the real response: "429", "maxlag" or "503"."""

    kind: str
    retry_after: str | None = "1"


@dataclass
class FakeWiki:
    corpus: Path
    categories: dict[str, list[str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    failures: dict[int, Failure] = field(default_factory=dict)  # 1-based request number -> failure
    page_size: int = 2  # categorymembers per batch, and pages with content per batch
    log: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        files = sorted(self.corpus.rglob("*.wikitext"))
        self.pages = {
            f.stem: {"pageid": 1000 + i, "revid": 50000 + i, "text": f.read_text(encoding="utf-8")}
            for i, f in enumerate(files)
        }
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._lock = threading.Lock()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api(self) -> str:
        return f"{self.base}/w/api.php"

    def __enter__(self) -> FakeWiki:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- the API ------------------------------------------------------------------

    def answer(self, params: dict[str, str]) -> dict[str, Any]:
        if params.get("format") != "json" or params.get("formatversion") != "2":
            return {
                "error": {"code": "badformat", "info": "this fake speaks format=json&formatversion=2 only"}
            }
        if params.get("action") != "query":
            return {"error": {"code": "badvalue", "info": "only action=query"}}
        if params.get("list") == "categorymembers":
            return self._members(params)
        if "titles" in params:
            return self._revisions(params)
        return {"error": {"code": "badvalue", "info": "unsupported query"}}

    def _members(self, params: dict[str, str]) -> dict[str, Any]:
        members = self.categories.get(params["cmtitle"], [])
        start = int(params.get("cmcontinue", "0"))
        batch = members[start : start + self.page_size]
        out: dict[str, Any] = {
            "batchcomplete": True,
            "query": {
                "categorymembers": [
                    {"pageid": 0, "ns": 14 if t.startswith("Category:") else 0, "title": t} for t in batch
                ]
            },
        }
        if start + self.page_size < len(members):
            out["continue"] = {"cmcontinue": str(start + self.page_size), "continue": "-||"}
        return out

    def _revisions(self, params: dict[str, str]) -> dict[str, Any]:
        titles = params["titles"].split("|")
        redirects = []
        if params.get("redirects"):
            for t in titles:
                if t in self.redirects:
                    redirects.append({"from": t, "to": self.redirects[t]})
        resolved = list(
            dict.fromkeys(self.redirects.get(t, t) if params.get("redirects") else t for t in titles)
        )
        skip = int(params.get("rvcontinue", "0"))
        pages = []
        with_content = 0
        last = -1
        for i, t in enumerate(resolved):
            page = self.pages.get(t)
            if page is None:
                pages.append({"ns": 0, "title": t, "missing": True})
                continue
            entry: dict[str, Any] = {
                "pageid": page["pageid"],
                "ns": 0,
                "title": t,
                "fullurl": f"{self.base}/wiki/{quote(t)}",
                "canonicalurl": f"{self.base}/wiki/{quote(t)}",
            }
            if i >= skip and with_content < self.page_size:
                with_content += 1
                entry["revisions"] = [
                    {
                        "revid": page["revid"],
                        "parentid": page["revid"] - 1,
                        "timestamp": TIMESTAMP,
                        "slots": {
                            "main": {
                                "contentmodel": "wikitext",
                                "contentformat": "text/x-wiki",
                                "content": page["text"],
                            }
                        },
                    }
                ]
                last = i
            pages.append(entry)
        out: dict[str, Any] = {"query": {"pages": pages}}
        if redirects:
            out["query"]["redirects"] = redirects
        if last >= 0 and last + 1 < len(resolved) and any(t in self.pages for t in resolved[last + 1 :]):
            out["continue"] = {"rvcontinue": str(last + 1), "continue": "||"}
        else:
            out["batchcomplete"] = True
        return out

    # -- HTTP ---------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        wiki = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
                return None

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != "/w/api.php":
                    self._send(404, {"error": "not found"})
                    return
                params = dict(parse_qsl(url.query, keep_blank_values=True))
                with wiki._lock:
                    wiki.log.append({"params": params, "user_agent": self.headers.get("User-Agent", "")})
                    failure = wiki.failures.get(len(wiki.log))
                headers = {"Retry-After": failure.retry_after} if failure and failure.retry_after else {}
                if failure and failure.kind == "429":
                    self._send(429, {"error": {"code": "ratelimited", "info": "slow down"}}, headers)
                elif failure and failure.kind == "503":
                    self._send(503, {"error": {"code": "unavailable", "info": "try later"}}, headers)
                elif failure and failure.kind == "maxlag":
                    body = {
                        "error": {"code": "maxlag", "info": "Waiting for db: 7 seconds lagged.", "lag": 7}
                    }
                    self._send(200, body, {**headers, "X-Database-Lag": "7"})
                else:
                    self._send(200, wiki.answer(params))

        return Handler

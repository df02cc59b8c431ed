"""Fetching job feeds (RSS 2.0, Atom, JSON Feed 1.1, a plain JSON list) into Openings.

A broken, slow or huge feed gives a FeedResult with an error; it never raises and never
holds up the other feeds. Conditional GET (ETag / Last-Modified) spares unchanged feeds.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import aiohttp
import feedparser

from bot.jobs.normalize import Opening, TopicTable, http_url, normalize

log = logging.getLogger(__name__)

MAX_CONCURRENT = 8
CHUNK = 64 * 1024
USER_AGENT = "WomenInTechTajikistanBot/1.0 (job feeds)"
ACCEPT = ("application/feed+json, application/json;q=0.9, application/atom+xml, "
          "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
JSON_FEED = ("https://jsonfeed.org/version/1", "http://jsonfeed.org/version/1")
COMPANY_KEYS = ("company", "job_company", "hiringorganization", "job_hiringorganization",
                "employer", "job_employer")
LOCATION_KEYS = ("location", "job_location", "joblocation", "job_joblocation")
DEADLINE_KEYS = ("deadline", "job_deadline", "validthrough", "job_validthrough", "expires",
                 "job_expires")


class FeedError(Exception):
    """The body is not a feed we can read."""


@dataclass
class FeedState:
    """What the server said last time, for a conditional GET; the caller keeps it per URL."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FeedResult:
    url: str
    openings: list[Opening]
    state: FeedState
    not_modified: bool = False
    error: str | None = None


# --- parsing ----------------------------------------------------------------------------------

def parse_feed(body: bytes, content_type: str | None, source: str, now: datetime,
               topics: TopicTable) -> list[Opening]:
    """Openings of an RSS, Atom, JSON Feed or plain JSON list body.

    Items without a title or an http(s) link are skipped; relative links are resolved
    against `source` when it is a URL. FeedError when the body is not a feed, or is broken
    XML of which nothing usable is left (what feedparser recovers from broken XML is used).
    """
    problem = None
    if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        raws = _json_items(body)
    else:
        raws, problem = _xml_items(body, content_type, source)
    base = http_url(source)
    openings = []
    for raw in raws:
        if base and isinstance(raw.get("url"), str):
            raw["url"] = urljoin(base, raw["url"].strip())
        opening = normalize(raw, source, now, topics)
        if opening is not None:
            openings.append(opening)
    if problem and not openings:
        raise FeedError(f"malformed feed: {problem}")
    return openings


def _json_items(body: bytes) -> list[dict[str, Any]]:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FeedError(f"malformed feed: not valid JSON: {e}") from None
    if isinstance(data, list):
        return [_list_item(item) for item in data if isinstance(item, dict)]
    if isinstance(data, dict) and str(data.get("version", "")).startswith(JSON_FEED):
        items = data.get("items")
        return [_json_feed_item(i) for i in items or [] if isinstance(i, dict)]
    raise FeedError("malformed feed: JSON that is neither a JSON Feed nor a list of openings")


def _list_item(item: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("title", "company", "location", "url", "published", "deadline", "remote", "level",
            "topics", "summary")
    raw = {key: item.get(key) for key in keys}
    raw["url"] = raw["url"] or item.get("link")
    raw["summary"] = raw["summary"] or item.get("description")
    return raw


def _json_feed_item(item: Mapping[str, Any]) -> dict[str, Any]:
    job = item.get("_job")
    job = job if isinstance(job, dict) else {}
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")),
                  None)
    return {
        "title": item.get("title"),
        "url": item.get("url") or item.get("external_url"),
        "summary": item.get("content_html") or item.get("content_text") or item.get("summary"),
        "published": item.get("date_published") or item.get("date_modified"),
        "company": job.get("company") or author,
        "location": job.get("location"),
        "remote": job.get("remote"),
        "level": job.get("level"),
        "deadline": job.get("deadline"),
        "topics": job.get("topics"),
        "tags": item.get("tags"),
    }


def _xml_items(body: bytes, content_type: str | None,
               source: str) -> tuple[list[dict[str, Any]], str | None]:
    """The entries, and what is wrong if the XML is broken or not a feed at all."""
    headers = {"content-type": content_type} if content_type else {}
    if http_url(source):
        headers["content-location"] = source
    # A stream, never bytes: feedparser would open bytes that look like a file name.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    problem = None
    harmless = isinstance(parsed.get("bozo_exception"), feedparser.ThingsNobodyCaresAboutButMe)
    if parsed.bozo and not harmless:  # harmless: a wrong content type or declared encoding
        problem = str(parsed.get("bozo_exception") or "broken XML")
    elif not parsed.get("version"):
        problem = "not an RSS or Atom feed"
    return [_xml_item(e) for e in parsed.get("entries", [])], problem


def _first(entry: Mapping[str, Any], keys: Sequence[str]) -> Any:
    return next((entry[k] for k in keys if entry.get(k)), None)


def _xml_item(entry: Mapping[str, Any]) -> dict[str, Any]:
    author = entry.get("author_detail", {}).get("name") or entry.get("author")
    content = entry.get("content") or []
    link = entry.get("link") or (entry.get("id") if http_url(entry.get("id")) else None)
    return {
        "title": entry.get("title"),
        "url": link,
        "summary": entry.get("summary") or (content[0].get("value") if content else None),
        "published": entry.get("published_parsed") or entry.get("updated_parsed"),
        "company": _first(entry, COMPANY_KEYS) or author,
        "location": _first(entry, LOCATION_KEYS),
        "deadline": _first(entry, DEADLINE_KEYS),
        "tags": [t.get("term") or t.get("label") or "" for t in entry.get("tags") or []],
    }


# --- fetching ---------------------------------------------------------------------------------

class _TooBig(Exception):
    pass


async def _read_capped(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    declared = response.content_length
    if declared is not None and declared > max_bytes:
        raise _TooBig(f"over the size cap: {declared} bytes declared, at most {max_bytes}")
    body = bytearray()
    async for chunk in response.content.iter_chunked(CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise _TooBig(f"over the size cap of {max_bytes} bytes")
    return bytes(body)


def _request_headers(state: FeedState) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


async def _fetch(session: aiohttp.ClientSession, url: str, state: FeedState, *, timeout: float,
                 max_bytes: int, now: datetime, topics: TopicTable) -> FeedResult:
    async with session.get(url, headers=_request_headers(state), allow_redirects=True,
                           timeout=aiohttp.ClientTimeout(total=timeout)) as response:
        if response.status == 304:
            return FeedResult(url, [], state, not_modified=True)
        if not 200 <= response.status < 300:
            return FeedResult(url, [], state, error=f"HTTP {response.status} {response.reason}")
        body = await _read_capped(response, max_bytes)
        new_state = FeedState(etag=response.headers.get("ETag"),
                              last_modified=response.headers.get("Last-Modified"))
        content_type = response.headers.get("Content-Type")
    openings = parse_feed(body, content_type, url, now, topics)
    return FeedResult(url, openings, new_state)


async def fetch_feed(session: aiohttp.ClientSession, url: str, state: FeedState, *,
                     timeout: float, max_bytes: int, now: datetime,
                     topics: TopicTable) -> FeedResult:
    """One feed, conditionally; errors (timeout, size cap, HTTP, malformed) are in the result."""
    try:
        async with asyncio.timeout(timeout):
            return await _fetch(session, url, state, timeout=timeout, max_bytes=max_bytes,
                                now=now, topics=topics)
    except TimeoutError:
        error = f"timed out after {timeout:g} s"
    except (_TooBig, FeedError) as e:
        error = str(e)
    except Exception as e:
        error = f"{type(e).__name__}: {e}".rstrip(": ")
    return FeedResult(url, [], state, error=error)


async def fetch_all(urls: Iterable[str], states: Mapping[str, FeedState], *, timeout: float,
                    max_bytes: int, now: datetime, topics: TopicTable,
                    session: aiohttp.ClientSession | None = None) -> list[FeedResult]:
    """Every feed, at most MAX_CONCURRENT at once, results in the order of `urls`."""
    if session is None:
        async with aiohttp.ClientSession() as own:
            return await fetch_all(urls, states, timeout=timeout, max_bytes=max_bytes, now=now,
                                   topics=topics, session=own)
    gate = asyncio.Semaphore(MAX_CONCURRENT)

    async def one(url: str) -> FeedResult:
        async with gate:
            result = await fetch_feed(session, url, states.get(url) or FeedState(),
                                      timeout=timeout, max_bytes=max_bytes, now=now,
                                      topics=topics)
        if result.error:
            log.warning("job feed %s failed: %s", url, result.error)
        return result

    return list(await asyncio.gather(*(one(url) for url in urls)))


# --- merging ----------------------------------------------------------------------------------

def merge(results: Iterable[FeedResult]) -> list[Opening]:
    """All openings once: duplicates by canonical URL, or by title and company (when the
    company is known), keep the earliest published; newest first."""
    everything = sorted((o for r in results for o in r.openings), key=lambda o: o.published)
    seen: set[str] = set()
    kept: list[Opening] = []
    for opening in everything:
        keys = {"url " + opening.canonical_url}
        if opening.company:
            keys.add("name " + opening.dedup_key)
        duplicate = bool(keys & seen)
        seen |= keys  # so a duplicate of a duplicate is one too
        if not duplicate:
            kept.append(opening)
    kept.sort(key=lambda o: o.published, reverse=True)
    return kept


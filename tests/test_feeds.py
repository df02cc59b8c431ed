"""Job feeds: parsing every format, fetching from a local HTTP server, normalizing, merging."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.content import ContentError
from bot.jobs.feeds import (
    MAX_CONCURRENT,
    FeedError,
    FeedResult,
    FeedState,
    fetch_all,
    fetch_feed,
    merge,
    parse_feed,
)
from bot.jobs.normalize import (
    TopicTable,
    canonical_url,
    dedup_key,
    detect_level,
    detect_remote,
    fold,
    normalize,
    strip_html,
)
from bot.profile import INTERESTS, label_key

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = {p.name: p.read_bytes() for p in (ROOT / "tests" / "fixtures" / "feeds").iterdir()}
TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml",
         "jobs": "application/feed+json", "list": "application/json"}
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
CAP = 64 * 1024
ETAG = '"jobs-v1"'
LAST_MODIFIED = "Fri, 12 Jun 2026 06:00:00 GMT"
TOPICS = TopicTable.load()


@dataclass
class Server:
    base: str
    release: asyncio.Event
    seen: dict[str, Any] = field(default_factory=dict)
    busy: int = 0
    most_busy: int = 0

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"


def _app(server: Server) -> web.Application:
    async def feed(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in FIXTURES:
            raise web.HTTPNotFound()
        kind = TYPES.get(name.split(".")[0], "application/xml")
        return web.Response(body=FIXTURES[name], headers={"Content-Type": kind})

    async def etag(request: web.Request) -> web.Response:
        server.seen["etag"] = dict(request.headers)
        if request.headers.get("If-None-Match") == ETAG:
            return web.Response(status=304, headers={"ETag": ETAG})
        return web.Response(body=FIXTURES["rss.xml"], content_type="application/rss+xml",
                            headers={"ETag": ETAG, "Last-Modified": LAST_MODIFIED})

    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        with contextlib.suppress(ConnectionError):
            await response.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            for _ in range(200):  # 12.8 MB, far over the cap
                await response.write(b"<item><title>spam</title></item>" * 2000)
        return response

    async def declared(request: web.Request) -> web.Response:
        return web.Response(body=b" " * (CAP + 1), content_type="application/rss+xml")

    async def slow(request: web.Request) -> web.Response:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await server.release.wait()
        return web.Response(body=FIXTURES["rss.xml"], content_type="application/rss+xml")

    async def busy(request: web.Request) -> web.Response:
        server.busy += 1
        server.most_busy = max(server.most_busy, server.busy)
        await asyncio.sleep(0.03)
        server.busy -= 1
        return web.Response(body=FIXTURES["empty.xml"], content_type="application/rss+xml")

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500, text="oops")

    app = web.Application()
    app.router.add_get("/feeds/{name}", feed)
    app.router.add_get("/etag", etag)
    app.router.add_get("/huge", huge)
    app.router.add_get("/declared", declared)
    app.router.add_get("/slow", slow)
    app.router.add_get("/busy/{n}", busy)
    app.router.add_get("/broken", broken)
    return app


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    srv = Server(base="", release=asyncio.Event())
    runner = web.AppRunner(_app(srv), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    srv.base = f"http://127.0.0.1:{port}"
    try:
        yield srv
    finally:
        srv.release.set()
        await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


async def fetch(session: aiohttp.ClientSession, url: str, state: FeedState | None = None, *,
                timeout: float = 2.0) -> FeedResult:
    return await fetch_feed(session, url, state or FeedState(), timeout=timeout, max_bytes=CAP,
                            now=NOW, topics=TOPICS)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# title, company, location, remote, level, topics, url, published, deadline
EXPECTED: dict[str, list[tuple[Any, ...]]] = {
    "rss.xml": [
        ("Frontend developer", "Somon Tech", "Dushanbe", False, None, ("programming", "web"),
         "https://jobs.example.org/openings/frontend-17", at("2026-06-08T05:00:00+00:00"), None),
        ("Junior Python developer", "Ordu Soft", "Remote", True, "beginner", ("programming",),
         "https://jobs.example.org/openings/python-42", at("2026-06-10T09:30:00+00:00"), None),
        ("Senior UI/UX designer", "Somon Tech", "Khujand", False, "advanced", ("design",),
         "https://jobs.example.org/openings/ux-7", at("2026-06-05T08:00:00+00:00"), None),
    ],
    "atom.xml": [
        ("Data analyst (Middle)", "Ориёнбонк", "Dushanbe", False, "intermediate", ("data_ai",),
         "https://bank.example.tj/careers/data-analyst", at("2026-06-09T05:00:00+00:00"), None),
        ("Cybersecurity engineer", "SecureNet", "", True, None, ("cybersecurity",),
         "https://secure.example.com/jobs/soc-2", at("2026-06-12T00:00:00+00:00"), None),
    ],
    "jobs.json": [
        ("Android developer (Kotlin)", "Babilon-M", "Khujand", False, "intermediate",
         ("programming", "mobile"), "https://careers.babilon.example/android",
         at("2026-06-07T07:00:00+00:00"), at("2026-07-01T23:59:59+00:00")),
        ("Digital marketing specialist (SMM)", "Nur Agency", "", True, None, ("marketing",),
         "https://agency.example.com/jobs/smm", at("2026-06-11T08:00:00+00:00"),
         at("2026-06-30T13:00:00+00:00")),
    ],
    "list.json": [
        ("Стажёр веб-разработчик", "Алиф", "Душанбе", False, "beginner", ("programming", "web"),
         "https://alif.example.tj/vacancies/web-intern?utm_campaign=jobs",
         at("2026-06-10T04:00:00+00:00"), at("2026-06-30T23:59:59+00:00")),
        ("Барномасози ҷавон", "Ҳисоб", "Хуҷанд", True, "beginner", ("programming",),
         "https://hisob.example.tj/kor/42", at("2026-06-12T00:00:00+00:00"), None),
    ],
}


@pytest.mark.parametrize("name", list(EXPECTED))
async def test_each_format_is_parsed_into_openings(
        server: Server, session: aiohttp.ClientSession, name: str) -> None:
    result = await fetch(session, server.url(f"feeds/{name}"))
    assert result.error is None and not result.not_modified
    got = [(o.title, o.company, o.location, o.remote, o.level, o.topics, o.url, o.published,
            o.deadline) for o in result.openings]
    assert got == EXPECTED[name]
    assert {o.source for o in result.openings} == {server.url(f"feeds/{name}")}
    assert all(o.published.tzinfo is UTC for o in result.openings)


async def test_html_and_scripts_are_stripped_from_titles(
        server: Server, session: aiohttp.ClientSession) -> None:
    result = await fetch(session, server.url("feeds/rss.xml"))
    titles = [o.title for o in result.openings]
    assert titles[0] == "Frontend developer"
    assert not any("<" in t or "alert(1)" in t or "script" in t for t in titles)


async def test_malformed_feed_is_an_error_and_others_still_come(
        server: Server, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture) -> None:
    urls = [server.url("feeds/malformed.xml"), server.url("feeds/rss.xml"),
            server.url("feeds/atom.xml")]
    with caplog.at_level(logging.WARNING, logger="bot.jobs.feeds"):
        bad, rss, atom = await fetch_all(urls, {}, timeout=2, max_bytes=CAP, now=NOW,
                                         topics=TOPICS, session=session)
    assert bad.error is not None and bad.error.startswith("malformed feed")
    assert bad.openings == []
    assert (rss.error, len(rss.openings)) == (None, 3)
    assert (atom.error, len(atom.openings)) == (None, 2)
    assert [r.getMessage() for r in caplog.records] == [
        f"job feed {urls[0]} failed: {bad.error}"]


async def test_empty_feed_is_no_openings_and_no_error(
        server: Server, session: aiohttp.ClientSession) -> None:
    result = await fetch(session, server.url("feeds/empty.xml"))
    assert (result.openings, result.error, result.not_modified) == ([], None, False)


@pytest.mark.parametrize("path", ["huge", "declared"])
async def test_a_body_over_the_cap_is_an_error_at_once(
        server: Server, session: aiohttp.ClientSession, path: str) -> None:
    started = time.monotonic()
    result = await fetch(session, server.url(path))
    assert result.error is not None and "over the size cap" in result.error
    assert result.openings == []
    assert time.monotonic() - started < 0.5


async def test_a_slow_feed_times_out_and_the_others_succeed(server: Server) -> None:
    urls = [server.url("slow"), server.url("feeds/rss.xml"), server.url("feeds/jobs.json")]
    started = time.monotonic()
    slow, rss, json_feed = await fetch_all(urls, {}, timeout=0.5, max_bytes=CAP, now=NOW,
                                           topics=TOPICS)  # its own session
    assert time.monotonic() - started < 0.9
    assert slow.error is not None and "timed out" in slow.error
    assert (rss.error, len(rss.openings)) == (None, 3)
    assert (json_feed.error, len(json_feed.openings)) == (None, 2)


async def test_etag_makes_the_second_fetch_not_modified(
        server: Server, session: aiohttp.ClientSession) -> None:
    first = await fetch(session, server.url("etag"))
    assert first.error is None and len(first.openings) == 3
    assert first.state == FeedState(etag=ETAG, last_modified=LAST_MODIFIED)
    assert "If-None-Match" not in server.seen["etag"]

    second = await fetch(session, server.url("etag"), first.state)
    assert second.not_modified and second.error is None and second.openings == []
    assert second.state == first.state
    assert server.seen["etag"]["If-None-Match"] == ETAG
    assert server.seen["etag"]["If-Modified-Since"] == LAST_MODIFIED


async def test_http_errors_and_bad_urls_are_results_not_exceptions(
        server: Server, session: aiohttp.ClientSession) -> None:
    assert (await fetch(session, server.url("broken"))).error == "HTTP 500 Internal Server Error"
    assert (await fetch(session, server.url("feeds/missing.xml"))).error == "HTTP 404 Not Found"
    state = FeedState(etag='"old"')
    result = await fetch(session, "not a url", state)
    assert result.error and result.openings == [] and result.state is state


async def test_at_most_eight_feeds_are_fetched_at_once(
        server: Server, session: aiohttp.ClientSession) -> None:
    urls = [server.url(f"busy/{n}") for n in range(MAX_CONCURRENT + 6)]
    results = await fetch_all(urls, {}, timeout=2, max_bytes=CAP, now=NOW, topics=TOPICS,
                              session=session)
    assert [r.url for r in results] == urls and not any(r.error for r in results)
    assert 1 < server.most_busy <= MAX_CONCURRENT


async def test_duplicates_across_feeds_are_merged(
        server: Server, session: aiohttp.ClientSession) -> None:
    urls = [server.url("feeds/rss.xml"), server.url("feeds/rss2.xml")]
    results = await fetch_all(urls, {}, timeout=2, max_bytes=CAP, now=NOW, topics=TOPICS,
                              session=session)
    merged = merge(results)
    assert [(o.title, o.source.rsplit("/", 1)[1]) for o in merged] == [
        ("Robotics teacher (Arduino)", "rss2.xml"),
        ("Junior Python developer", "rss.xml"),  # same URL but utm_*, www., slash, fragment
        ("Frontend developer", "rss.xml"),
        ("Senior UI/UX Designer", "rss2.xml"),  # same title and company; published earlier
    ]


def opening(**raw: Any) -> Any:
    return normalize({"title": "Python developer", "url": "https://x.example/1"} | raw,
                     "test", NOW, TOPICS)


def test_merge_keeps_openings_without_company_apart() -> None:
    a = opening(url="https://a.example/1")
    b = opening(url="https://b.example/2", published="2026-06-01")
    state = FeedState()
    merged = merge([FeedResult("a", [a], state), FeedResult("b", [b, a], state)])
    assert merged == [a, b]


def test_fold_maps_tajik_letters_and_case() -> None:
    assert fold("ҒАЛАБА Қӯҳ ҶӢ Ёлка") == "галаба кух чи елка"
    assert fold("Барномасози ҷавон") == fold("БАРНОМАСОЗИ ЧАВОН")
    assert fold("Стажёр") == "стажер"
    assert fold("е\u0308") == "е"  # ё written as е + combining diaeresis


def test_canonical_url_drops_tracking_fragment_www_and_slash() -> None:
    assert canonical_url(
        "HTTPS://WWW.Jobs.Example.org:443/Openings/42/?utm_source=tg&b=2&a=1&ref=x&fbclid=1"
        "&gclid=2&source=feed#apply") == "https://jobs.example.org/Openings/42?a=1&b=2"
    assert canonical_url("http://example.org/") == "http://example.org"
    assert canonical_url("http://example.org:8080/a?q=") == "http://example.org:8080/a?q="


def test_dedup_key_ignores_case_punctuation_and_spacing() -> None:
    assert dedup_key("Senior  UI/UX Designer!", "SOMON tech") == "senior ui ux designer|somon tech"
    assert dedup_key("Барномасози ҷавон", "Ҳисоб") == dedup_key("барномасози чавон", "хисоб")


def test_strip_html() -> None:
    assert strip_html("<p>Hi&nbsp;<b>there</b></p><p>you</p><script>alert(1)</script>"
                      "<style>p {}</style><!-- note -->") == "Hi there you"
    assert strip_html("&lt;b&gt;Bold&lt;/b&gt; &amp;lt;script&amp;gt;x()&amp;lt;/script&amp;gt;"
                      ) == "Bold"
    assert strip_html("Tom &amp; Jerry, 5 < 6") == "Tom & Jerry, 5 < 6"
    assert strip_html("  many \n\t spaces  ") == "many spaces"


@pytest.mark.parametrize(("text", "level"), [
    ("Junior Python developer", "beginner"),
    ("Internship: data", "beginner"),
    ("Стажёр-программист", "beginner"),
    ("Младший аналитик", "beginner"),
    ("Начинающий тестировщик", "beginner"),
    ("Барномасози ҷавон", "beginner"),
    ("Middle Go developer", "intermediate"),
    ("Mid-level designer", "intermediate"),
    ("Средний уровень", "intermediate"),
    ("Senior engineer", "advanced"),
    ("Team lead", "advanced"),
    ("Старший бухгалтер", "advanced"),
    ("Ведущий инженер", "advanced"),
    ("Leadership coach", None),
    ("Python developer", None),
])
def test_detect_level(text: str, level: str | None) -> None:
    assert detect_level(text) == level


@pytest.mark.parametrize(("text", "remote"), [
    ("Remote", True), ("work from home", True), ("Работа удалённо", True),
    ("удаленно", True), ("дистанционно", True), ("можно из дома", True),
    ("Кори фосилавӣ", True), ("Кор аз хона", True), ("Office in Dushanbe", False),
    ("remoteness", False),
])
def test_detect_remote(text: str, remote: bool) -> None:
    assert detect_remote(text) is remote


def test_normalize_needs_a_title_and_an_http_url() -> None:
    assert opening(title="  <b></b> ") is None
    assert opening(url=None) is None
    assert opening(url="javascript:alert(1)") is None
    assert opening(url="ftp://x.example/1") is None
    assert opening(url="https:///no-host") is None
    assert opening() is not None


def test_normalize_cleans_clamps_and_detects() -> None:
    o = opening(title="x" * 300, company="C" * 150, location=" <i>Dushanbe</i> ",
                published="2030-01-01T00:00:00Z", deadline="not a date", level="Junior",
                topics=["gardening"], summary="Figma and user research")
    assert len(o.title) == 200 and o.title.endswith("…")
    assert len(o.company) == 100
    assert o.location == "Dushanbe"
    assert o.published == NOW  # never in the future
    assert o.deadline is None
    assert o.level == "beginner"
    assert o.topics == ("design",)  # no known explicit code: detected
    naive = opening(published="2026-06-01T10:00:00", remote="no", summary="remote")
    assert naive.published == datetime(2026, 6, 1, 10, tzinfo=UTC)
    assert naive.remote is False  # the explicit field wins over the words
    assert opening().published == NOW
    assert opening(published=NOW - timedelta(days=1)).published == NOW - timedelta(days=1)


def test_parse_feed_rejects_what_is_not_a_feed() -> None:
    for body in (b"<html><body>Jobs page</body></html>", b"{not json", b'{"items": []}',
                 b"", b"/etc/hostname"):  # never opened as a file
        with pytest.raises(FeedError):
            parse_feed(body, None, "test", NOW, TOPICS)
    assert parse_feed(b"[]", "application/json", "test", NOW, TOPICS) == []


def test_parse_feed_resolves_relative_links_against_the_feed() -> None:
    body = b'[{"title": "Designer", "url": "/jobs/7"}]'
    [o] = parse_feed(body, None, "https://board.example/feed.json", NOW, TOPICS)
    assert o.url == "https://board.example/jobs/7"


def _locale_labels(lang: str) -> dict[str, str]:
    text = (ROOT / "locales" / lang / "onboarding.ftl").read_text(encoding="utf-8")
    return dict(re.findall(r"^(interest-[\w-]+) = (.+)$", text, re.MULTILINE))


def test_topic_table_has_every_interest_with_the_locale_labels() -> None:
    assert TOPICS.codes == INTERESTS
    for lang in ("tg", "ru", "en"):
        labels = _locale_labels(lang)
        for code in INTERESTS:
            assert TOPICS.label(code, lang) == labels[label_key("interest", code)]
    assert TOPICS.label("data_ai", "tg") == "Маълумот ва зеҳни сунъӣ"
    assert TOPICS.label("data_ai", "de") == "Data and AI"


def test_topics_match_whole_words_only() -> None:
    assert TOPICS.topics_of("Веб-разработчик на React") == ("programming", "web")
    assert TOPICS.topics_of("Reactive maintenance of the webbing machine") == ()
    assert TOPICS.topics_of("ДИЗАЙНЕР интерфейсов") == ("design",)
    assert TOPICS.topics_of("Мутахассиси киберамният") == ("cybersecurity",)


def test_a_broken_topic_table_names_its_problems() -> None:
    data = {code: {"tg": "x", "ru": "x", "en": "x", "keywords": ["x"]} for code in INTERESTS}
    del data["web"]
    data["cooking"] = data["design"]
    data["design"] = {"tg": "x", "ru": "x", "en": "x", "keywords": ["Figma"]}
    with pytest.raises(ContentError) as caught:
        TopicTable.from_dict(data, "job_topics.toml")
    problems = "\n".join(caught.value.problems)
    assert "job_topics.toml: cooking: unknown topic" in problems
    assert "job_topics.toml: web: missing" in problems
    assert "job_topics.toml: design.keywords: 'Figma': keywords are non-empty and lowercase" \
        in problems


async def test_ingest_stores_new_openings_once_and_records_each_feeds_state(
        server: Server, make_harness: Any) -> None:
    """The scheduled job end to end: good, duplicate, broken and malformed feeds together."""
    feeds = [server.url("feeds/rss.xml"), server.url("feeds/rss2.xml"), server.url("broken"),
             server.url("feeds/malformed.xml"), server.url("etag")]
    h = await make_harness(job_feeds=",".join(feeds))
    h.clock.set(NOW)
    added = await h.app.services.jobs.ingest()
    async with h.app.db.read() as tx:
        stored = await tx.jobs.open("2000-01-01T00:00:00Z")
        cur = await tx.conn.execute("SELECT url, etag, error IS NOT NULL FROM feed_state "
                                    "ORDER BY url")
        states = {r[0]: (r[1], bool(r[2])) for r in await cur.fetchall()}
    assert added == len(stored) > 0
    assert len({j.url for j in stored}) == len(stored)
    assert all("<" not in j.title and "alert(1)" not in j.title for j in stored)
    assert states[server.url("broken")][1] and states[server.url("feeds/malformed.xml")][1]
    assert states[server.url("etag")] == (ETAG, False)
    assert await h.app.services.jobs.ingest() == 0  # nothing new, nothing twice
    assert server.seen["etag"].get("If-None-Match") == ETAG

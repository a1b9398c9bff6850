"""Property tests over the boundary functions (issue 18): any input gives a value or one
clear error, never another exception; every value they give is safe where it goes next
(httpx and h11 accept it, SQLite stores it, text order is time order)."""

from __future__ import annotations

import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import h11
import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from curriculum import clock, urls
from curriculum.errors import ConfigError
from curriculum.feeds import headers
from curriculum.store import settings as user_settings
from curriculum.text import clean_line, is_clean, strip_controls, whole_number

PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOSTILE_CHARS = (
    "\x00\t\n\r\x1b\x7f\x85\x9b \u00a0\u00ad\u061c\u200b\u200e\u2028\u2029\u202e"
    "\ufeff\udc80é中[]@:\\/%#?"
)

# URL-shaped text built from hostile parts, so most examples get past the scheme.
schemes = st.sampled_from(["http", "https", "HTTP", "hTtPs", "javascript", "file", "ftp", ""])
hosts = st.one_of(
    st.sampled_from(
        [
            "example.org",
            "127.0.0.1",
            "[::1]",
            "[::1",
            "::1]",
            "[fe80::1%25eth0]",
            "1.2.3.999",
            "bücher.example",
            "xn--.example",
            "a..b",
            "-a.example",
            "exa mple.org",
            "",
            "a\x85b",
            "u@v@h.example",
            "user:pw@h.example",
            "h.example\\@evil",
            "ｅｘａｍｐｌｅ.com",
        ]
    ),
    st.text(alphabet=HOSTILE_CHARS + "abc.-", max_size=12),
)
ports = st.one_of(
    st.just(""),
    st.integers(-5, 100_000).map(lambda n: f":{n}"),
    st.text(alphabet="0123456789+-٣ ", max_size=22).map(lambda t: f":{t}"),
)
paths = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(HOSTILE_CHARS), max_size=30)
url_like = st.builds(lambda s, h, p, rest: f"{s}://{h}{p}/{rest}", schemes, hosts, ports, paths)
any_text = st.one_of(url_like, st.text(max_size=60), st.text(alphabet=HOSTILE_CHARS, max_size=30))


def sendable(url: str) -> httpx.Request:
    """The request httpx would build for `url`, through h11's own checks of what is sent."""
    request = httpx.Request("GET", url)
    target = request.url.raw_path
    h11.Request(method="GET", target=target, headers=[("Host", request.url.netloc)])
    return request


@PROPERTY
@given(any_text)
@example("http://a.example:99999/")
@example("http://[::1/")
@example("https://x.example/\u2028\u061c")
def test_a_url_is_a_clean_web_address_or_a_bad_url(text: str) -> None:
    try:
        url = urls.web_url(text)
    except urls.BadURL as bad:
        assert str(bad) and "\n" not in str(bad)
        assert urls.web_url_or_none(text) is None and not urls.is_http_url(text)
        return
    request = sendable(url)
    assert request.url.scheme in {"http", "https"} and request.url.host
    parts = urls.parse_web_url(url)
    assert request.url.raw_host.decode("ascii") == parts.host.strip("[]")
    assert request.url.port == parts.port
    assert is_clean(url) and not any(c.isspace() for c in url) and len(url) <= urls.MAX_LENGTH
    assert urls.web_url(url) == url  # checked once, it stays as it is
    canonical = urls.canonical_url(url)
    assert canonical is not None and urls.web_url(canonical)


@PROPERTY
@given(any_text, st.sampled_from(["https://base.example/a/b", "http://[::1]:8080/x/"]))
def test_a_relative_link_resolves_to_a_clean_address_or_a_bad_url(text: str, base: str) -> None:
    try:
        url = urls.web_url(text, base=base)
    except urls.BadURL:
        return
    sendable(url)
    assert is_clean(url) and urls.web_url(url) == url


@PROPERTY
@given(st.one_of(st.none(), st.integers(), st.text(max_size=80)))
def test_canonical_url_never_raises(value) -> None:
    canonical = urls.canonical_url(value)
    assert canonical is None or urls.web_url(canonical).startswith("https://")


@PROPERTY
@given(any_text)
@example("\ufdd0")  # a noncharacter: text cleaning removed it, `shown` and URLs kept it
def test_shown_text_is_one_clean_line(text: str) -> None:
    shown = urls.shown(text, 50)
    assert len(shown) <= 50 and is_clean(shown) and "\n" not in shown and "\x1b" not in shown


@PROPERTY
@given(st.one_of(any_text, st.text(), st.text(alphabet=HOSTILE_CHARS + "\U000e0001\U0001f600a")))
def test_is_clean_says_exactly_whether_cleaning_changes_text(text: str) -> None:
    assert is_clean(text) == (strip_controls(text) == text)


header_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=HOSTILE_CHARS + '"W/abc ', max_size=20),
    st.sampled_from(['"abc"', 'W/"abc"', "abc", '"a"b"', '"x y"', "é", " ", "a" * 600]),
    st.binary(max_size=20).map(lambda b: b.decode("latin-1")),
)


@PROPERTY
@given(header_text)
def test_a_validator_is_sendable_or_dropped(value: str) -> None:
    for kept in (headers.etag(value), headers.last_modified(value)):
        if kept is None:
            continue
        assert len(kept) <= headers.MAX_VALIDATOR
        request = httpx.Request("GET", "http://a.example/", headers={"If-None-Match": kept})
        h11.Request(method="GET", target="/", headers=request.headers.raw)
        assert headers.etag(kept) == kept or headers.last_modified(kept) == kept


@PROPERTY
@given(st.one_of(header_text, st.integers(-10, 10**30).map(str)))
@example("Sun, 06 Nov 1994 08:49:37 GMT")
@example("Fri, 31 Dec 9999 23:59:59 GMT")
@example("99999999999999999999999")
def test_retry_after_is_a_time_within_a_week_or_none(value: str) -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    until = headers.retry_after(value, now)
    assert until is None or now <= until <= now + headers.MAX_WAIT


@PROPERTY
@given(st.text(), st.integers(1, 2000))
def test_cleaned_text_has_no_control_or_invisible_character(text: str, limit: int) -> None:
    body = strip_controls(text)
    line = clean_line(text, limit)
    assert is_clean(body) and is_clean(line) and strip_controls(body) == body
    assert "\n" not in line and len(line) <= limit and clean_line(line, limit) == line
    body.encode("utf-8")  # no lone surrogate left for SQLite to refuse


def test_every_control_format_separator_and_surrogate_character_is_removed() -> None:
    """Exhaustive over this Python's Unicode: Cc, Cf, Zl, Zp, Cs (tab and newline kept)."""
    missed = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in "\t\n" or unicodedata.category(char) not in {"Cc", "Cf", "Zl", "Zp", "Cs"}:
            continue
        if strip_controls(f"a{char}b") not in {"ab", "a\nb"}:
            missed.append(f"U+{code:04X}")
    assert missed == []


@PROPERTY
@given(
    st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.floats()),
    st.integers(-(10**6), 10**6),
    st.integers(0, 10**7),
)
def test_a_number_is_in_range_or_a_sentence_naming_the_field(value, low: int, span: int) -> None:
    high = low + span
    try:
        number = whole_number(value, "--limit", low, high)
    except ValueError as error:
        message = str(error)
        assert message.startswith("--limit must be a whole number") and "\n" not in message
        return
    assert isinstance(number, int) and low <= number <= high


aware = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)
).flatmap(
    lambda d: st.integers(-14 * 60, 14 * 60).map(
        lambda m: d.replace(tzinfo=timezone(timedelta(minutes=m)))
    )
)


@PROPERTY
@given(aware, aware)
def test_stamps_are_fixed_width_and_text_order_is_time_order(a: datetime, b: datetime) -> None:
    try:
        first, second = clock.to_iso(a), clock.to_iso(b)
    except ValueError:
        return  # the UTC time falls outside years 1-9999: refused, never stored
    assert len(first) == len(second) == 24
    assert (first < second) == (
        a.replace(microsecond=a.microsecond // 1000 * 1000)
        < b.replace(microsecond=b.microsecond // 1000 * 1000)
    )
    assert clock.from_iso(first) == a.astimezone(UTC).replace(
        microsecond=a.microsecond // 1000 * 1000
    )


@PROPERTY
@given(
    st.one_of(
        st.text(max_size=40),
        st.from_regex(r"\A-?\d{1,5}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?\Z"),
    )
)
@example("0001-01-01T00:00:00+01:00")
@example("9999-12-31T23:59:59-01:00")
@example("1-01-01T00:00:00.000Z")
def test_parsing_a_stamp_gives_a_utc_time_or_a_value_error(text: str) -> None:
    try:
        moment = clock.from_iso(text)
    except ValueError:
        return
    assert moment.tzinfo is UTC
    assert clock.from_iso(clock.to_iso(moment)) == moment.replace(
        microsecond=moment.microsecond // 1000 * 1000
    )


@PROPERTY
@given(st.dates(), st.times(), st.integers(-14 * 60, 14 * 60))
def test_study_days_never_overflow(day, starts, offset: int) -> None:
    tz = timezone(timedelta(minutes=offset))
    start = clock.day_start(day, starts, tz)
    assert clock.EARLIEST <= start <= clock.LATEST
    clock.next_day_start(start, starts, tz)
    clock.study_day(start, starts, tz)


@PROPERTY
@given(st.one_of(st.text(max_size=40), st.from_regex(r"\A(\d{1,25}[smhdx] ?){1,25}\Z")))
@example("99999999999999999999d")
def test_learning_steps_validate_or_refuse_and_never_overflow(text: str) -> None:
    from curriculum.cards.scheduling import parse_steps

    try:
        value = user_settings.validate("cards.learning_steps", text)
    except ConfigError as error:
        assert "cards.learning_steps" in str(error)
        return
    now = datetime(2026, 11, 22, tzinfo=UTC)
    for step in parse_steps(str(value)):
        assert now + step <= now + timedelta(days=36500)


@pytest.mark.parametrize("value", ["", "   ", "1s", "1m 10m", "36500d"])
def test_ordinary_steps_are_accepted(value: str) -> None:
    assert user_settings.validate("cards.learning_steps", value) == " ".join(value.split())


REMOVED_OR_CHANGED = [
    chr(code)
    for code in [*range(0x10000), *range(0x110B0, 0x110D0), *range(0xE0000, 0xE1000)]
    if not 0xD800 <= code <= 0xDFFF and strip_controls(chr(code)) != chr(code)
]


def test_every_character_cleaning_removes_is_encoded_in_urls_and_messages() -> None:
    """URLs and `shown` agree with text cleaning on every such character (no sample): a
    URL either refuses it (controls) or percent-encodes it."""
    assert len(REMOVED_OR_CHANGED) > 4000
    encoded = 0
    for char in REMOVED_OR_CHANGED:
        assert is_clean(urls.shown(f"a{char}b")), hex(ord(char))
        try:
            url = urls.web_url(f"https://example.org/a{char}b?q={char}")
        except urls.BadURL:
            assert ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F
            continue
        if char == "\r":  # removed, as browsers remove tabs and newlines
            assert url == "https://example.org/ab?q="
            continue
        assert is_clean(url) and url.startswith("https://example.org/a%"), hex(ord(char))
        encoded += 1
    assert encoded > 4000

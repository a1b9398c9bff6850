"""Identity of a reading: canonical URLs and normalised arXiv ids in every shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curriculum.urls import arxiv_id, canonical_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://arxiv.org/abs/2104.12345", "2104.12345"),
        ("https://arxiv.org/abs/2104.12345v3", "2104.12345"),
        ("http://arxiv.org/pdf/2104.12345v2.pdf", "2104.12345"),
        ("https://arxiv.org/html/2104.12345v1", "2104.12345"),
        ("https://export.arxiv.org/abs/0704.0001", "0704.0001"),
        ("https://www.arxiv.org/abs/2607.28628v1?context=cs", "2607.28628"),
        ("oai:arXiv.org:2609.26811v1", "2609.26811"),
        ("oai:arXiv.org:hep-th/9901001v2", "hep-th/9901001"),
        ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
        ("arXiv:2104.12345v4", "2104.12345"),
        ("2104.12345", "2104.12345"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("https://example.org/abs/2104.12345", None),
        ("not a paper", None),
        (None, None),
    ],
)
def test_arxiv_ids_in_every_shape(text: str | None, expected: str | None) -> None:
    assert arxiv_id(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://blog.example/post", "http://www.blog.example/post/"),
        ("https://blog.example/post#comments", "https://blog.example/post"),
        ("https://blog.example/p?utm_source=rss&utm_medium=feed", "https://blog.example/p"),
        ("https://medium.com/@x/post-1?source=rss-abc------2", "https://medium.com/@x/post-1"),
        ("https://Blog.Example:443/p?b=2&a=1", "https://blog.example/p?a=1&b=2"),
    ],
)
def test_the_same_reading_has_one_canonical_url(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


def test_different_readings_keep_different_urls() -> None:
    assert canonical_url("https://blog.example/p?id=1") != canonical_url(
        "https://blog.example/p?id=2"
    )
    assert canonical_url("mailto:me@example.org") is None


@given(st.from_regex(r"\A(\d{4}\.\d{5})\Z"), st.integers(1, 30))
def test_every_version_of_a_paper_is_the_same_id(paper: str, version: int) -> None:
    shapes = [
        f"https://arxiv.org/abs/{paper}v{version}",
        f"https://arxiv.org/pdf/{paper}v{version}",
        f"oai:arXiv.org:{paper}v{version}",
        f"arXiv:{paper}",
    ]
    assert {arxiv_id(s) for s in shapes} == {paper}

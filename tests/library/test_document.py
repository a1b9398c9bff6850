"""The Reader's document: blocks with plain text and spans, sentences, pieces, outline."""

from __future__ import annotations

import pytest

from curriculum.library.document import clean_range, parse, pieces, sentences

SAMPLE = """# Title

Intro with **bold**, *it*, `code`, $x_i^2$ and a [link](https://x.y) [1].
Second one e.g. this. Dr. Who? Yes!

- one
- two
  1. nested

> quoted text

```
code

with a blank line
```

$$
E = mc^2
$$

| a | b |
|---|---|
| 1 | 22 |

A note[^1].

[^1]: The note text.
"""


def test_blocks_kinds_markers_and_spans() -> None:
    blocks = parse(SAMPLE).blocks
    assert [b.kind for b in blocks] == [
        "heading", "paragraph", "item", "item", "item", "quote", "code", "math", "table",
        "paragraph", "note",
    ]  # fmt: skip
    intro = blocks[1]
    styles = {intro.text[s.start : s.end]: s.style for s in intro.spans}
    assert styles == {
        "bold": "bold", "it": "italic", "code": "code", "x_i^2": "math", "link": "link",
        " [1]": "ref",
    }  # fmt: skip
    assert blocks[4].marker == "1. " and blocks[4].level == 2
    assert blocks[6].text == "code\n\nwith a blank line"
    assert blocks[8].text == "a │ b\n1 │ 22"
    assert blocks[10].marker == "[1] " and blocks[10].text == "The note text."


def test_plain_text_offsets_and_the_outline() -> None:
    document = parse(SAMPLE)
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text
        assert document.block_at(block.start) == document.blocks.index(block)
    assert document.outline() == [(0, 1, "Title")]


def test_sentences_skip_abbreviations_and_initials() -> None:
    text = parse(SAMPLE).blocks[1].text
    assert [text[a:b] for a, b in sentences(text)] == [
        "Intro with bold, it, code, x_i^2 and a link [1].",
        "Second one e.g. this.",
        "Dr. Who?",
        "Yes!",
    ]
    assert [s for s in sentences("As J. R. Smith said. Fine.")] == [(0, 20), (21, 26)]


def test_a_quote_leaves_out_link_numbers() -> None:
    block = parse(SAMPLE).blocks[1]
    assert clean_range(block, 0, 49) == "Intro with bold, it, code, x_i^2 and a link."


@pytest.mark.parametrize("size", [200, 1000, 5000])
def test_pieces_never_cut_a_code_fence_and_parse_the_same(size: int) -> None:
    long = "\n\n".join([SAMPLE] * 40)
    cut = list(pieces(long, first=size // 2, size=size))
    assert "".join(cut) == long and len(cut) > 1
    for piece in cut:
        assert piece.count("```") % 2 == 0
    assert [b.text for b in parse(long).blocks] == [b.text for b in parse(SAMPLE).blocks] * 40


def test_any_markdown_parses(tmp_path) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.sampled_from("ab *_`$[]()#>-|\n!^:1."), max_size=300))
    def check(markdown: str) -> None:
        document = parse(markdown)
        for block in document.blocks:
            assert document.text[block.start : block.end] == block.text
            for span in block.spans:
                assert 0 <= span.start <= span.end <= len(block.text)
            assert sentences(block.text)

    check()

"""The Reader's line layout: lines are ranges of the text, never wider than the width."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from curriculum.library.document import parse
from tui.widgets.document_layout import Layout, wrap


@settings(max_examples=300, deadline=None)
@example("aaaaaaa字aa 字字", 8, False)  # a folded word's wide characters counted as one cell
@given(
    st.text(alphabet=st.sampled_from("ab c  漢字é\n-"), max_size=400),
    st.integers(min_value=8, max_value=60),
    st.booleans(),
)
def test_wrapped_lines_cover_the_text_and_fit(text: str, width: int, fold: bool) -> None:
    lines = wrap(text, width, fold)
    covered = "".join(text[a:b] for a, b in lines)
    assert covered.replace("\n", "") == text.replace("\n", "")
    for start, end in lines:
        assert cell_len(text[start:end].rstrip()) <= width


def test_words_are_not_broken_unless_longer_than_a_line() -> None:
    text = "alignment " * 12 + "x" * 30
    lines = [text[a:b] for a, b in wrap(text, 24)]
    assert all(set(line.split()) == {"alignment"} for line in lines[:-2])
    assert lines[-2] == "x" * 24 and lines[-1] == "x" * 6


def test_the_layout_finds_blocks_lines_and_words() -> None:
    document = parse("# Title\n\n" + "word " * 50 + "\n\n- item one\n- item two")
    layout = Layout(30)
    layout.add(document.blocks, 0)
    assert layout.words == 1 + 50 + 4
    assert layout.lines[0].block == 0 and layout.lines[1].start == -1  # the gap after a block
    second = layout.first_line[1]
    assert layout.block_of_line(second + 1) == 1
    assert layout.line_of(1, 40) == second + 1, "character 40 is on the paragraph's 2nd line"
    item = layout.lines[layout.first_line[2]]
    assert item.prefix == "• "

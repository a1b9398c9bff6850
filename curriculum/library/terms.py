"""The words that say what a reading is about: one tokenizer and stop list, shared by related
readings (`related`) and the learned ranking (`queue.features`)."""

from __future__ import annotations

import re

# Common English words, and words every paper uses, that say nothing about a reading's topic
# (scikit-learn's English list is longer and drops words such as "system" or "interest" that
# do say something here).
_STOP_TEXT = """
about above after again against all also am among an and any are as at be because been before
being below between both but by can could did do does doing down during each even few first
for from further had has have having he her here hers herself him himself his how however if
in into is it its itself just let many may me might more most much must my myself no non nor
not now of off on once one only or other our ours ourselves out over own same she should so
some still such than that the their theirs them themselves then there these they this those
through to too two under until up upon us very via was we well were what when where which
while who whom why will with within without would yet you your yours yourself yourselves
et al paper papers propose proposed proposes show shows shown results using use used uses new
based approach method methods work works study abstract arxiv announce type
don doesn didn isn aren wasn weren won wouldn couldn shouldn ve ll
"""
STOPWORDS = frozenset(_STOP_TEXT.split())
WORD = re.compile(r"[^\W\d_][^\W_]+")  # a letter, then letters or digits (two or more)


def words(text: str) -> list[str]:
    """The topic words of a text, lower-cased, in order (stop words out)."""
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]

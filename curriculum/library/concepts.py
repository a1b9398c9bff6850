"""Built-in AI-safety concept tags, and suggestions from a reading's title and summary."""

from __future__ import annotations

import re

# name → words or phrases that signal it (matched on word boundaries, case-insensitively)
CONCEPTS: dict[str, tuple[str, ...]] = {
    "outer alignment": ("outer alignment", "reward misspecification", "misspecifi"),
    "inner alignment": ("inner alignment", "mesa-optimi", "mesa optimi", "inner misalignment"),
    "specification gaming": ("specification gaming", "spec gaming"),
    "reward hacking": ("reward hacking", "reward tampering", "reward gaming", "reward model"),
    "goal misgeneralisation": ("goal misgeneralization", "goal misgeneralisation",
                               "misgeneraliz", "misgeneralis"),
    "deceptive alignment": ("deceptive alignment", "deceptively aligned", "deception"),
    "scheming": ("scheming", "schemer", "alignment faking", "sandbagging"),
    "scalable oversight": ("scalable oversight", "weak-to-strong", "recursive reward modeling",
                           "task decomposition"),
    "debate": ("debate",),
    "amplification": ("amplification", "iterated distillation"),
    "interpretability": ("interpretability", "mechanistic", "circuits", "probing", "probe",
                         "attribution", "sparse autoencoder", "features"),
    "superposition": ("superposition", "polysemantic", "sparse autoencoder", "dictionary learning"),
    "rlhf": ("rlhf", "reinforcement learning from human feedback", "human feedback",
             "preference model"),
    "constitutional ai": ("constitutional ai", "constitution", "rlaif", "ai feedback"),
    "evaluations": ("evaluation", "evals", "eval", "benchmark", "red teaming", "red-teaming"),
    "dangerous capabilities": ("dangerous capabilit", "bioweapon", "cyber", "uplift",
                               "autonomous replication"),
    "ai control": ("ai control", "control evaluation", "trusted monitoring", "untrusted model"),
    "eliciting latent knowledge": ("eliciting latent knowledge", "elk", "latent knowledge"),
    "agent foundations": ("agent foundations", "decision theory", "embedded agency",
                          "logical induction"),
    "corrigibility": ("corrigib", "shutdown", "off-switch", "off switch"),
    "power-seeking": ("power-seeking", "power seeking", "instrumental convergence",
                      "instrumental goals"),
    "situational awareness": ("situational awareness", "self-awareness"),
    "governance": ("governance", "policy", "regulation", "compute governance", "standards",
                   "legislation"),
}  # fmt: skip

TAG_THRESHOLD = 2  # a title mention scores 3, each summary mention 1


_WORD = re.compile(r"\w+")
_KEY = 3  # phrases are indexed by their first three characters


def _index() -> dict[str, list[tuple[str, tuple[int, ...]]]]:
    """First three characters → (phrase, indexes of the concepts it signals); every phrase is
    at least three characters long."""
    owners: dict[str, list[int]] = {}
    for number, phrases in enumerate(CONCEPTS.values()):
        for phrase in {p.lower() for p in phrases}:
            owners.setdefault(phrase, []).append(number)
    index: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
    for phrase in sorted(owners):
        index.setdefault(phrase[:_KEY], []).append((phrase, tuple(owners[phrase])))
    return index


_INDEX = _index()


def _mentions(text: str, weight: int, scores: list[int]) -> None:
    """Add `weight` to a concept for each phrase of it that starts a word of `text`.

    A phrase matches at a word start with any ending ("corrigib" → "corrigibility"), case
    aside; one index lookup per word keeps this to microseconds for a whole summary.
    """
    lowered = text.lower()
    for word in _WORD.finditer(lowered):
        start = word.start()
        for phrase, owners in _INDEX.get(lowered[start : start + _KEY], ()):
            if lowered.startswith(phrase, start):
                for owner in owners:
                    scores[owner] += weight


def scores(title: str, summary: str = "") -> dict[str, int]:
    """How strongly a reading mentions each concept (a mention in the title counts triple)."""
    counts = [0] * len(CONCEPTS)
    _mentions(title, 3, counts)
    _mentions(summary, 1, counts)
    return {name: count for name, count in zip(CONCEPTS, counts, strict=True) if count}


_ORDER = {name: index for index, name in enumerate(CONCEPTS)}


def _strongest(found: dict[str, int], limit: int) -> list[str]:
    return sorted(found, key=lambda n: (-found[n], _ORDER[n]))[:limit]


def suggest(title: str, summary: str = "", limit: int = 6) -> list[str]:
    """Concept tags that the title and summary mention, strongest first."""
    return _strongest(scores(title, summary), limit)


def tag_reading(title: str, summary: str = "") -> list[str]:
    """The concept tags a feed reading gets on arrival: up to three, each named in the title
    or at least twice in the summary, so a passing word does not tag it."""
    found = scores(title, summary)
    return [name for name in _strongest(found, 3) if found[name] >= TAG_THRESHOLD]


def all_concepts() -> list[str]:
    """Every built-in concept name, in the list's order."""
    return list(CONCEPTS)

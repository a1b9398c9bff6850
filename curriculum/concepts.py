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


def _pattern(phrase: str) -> re.Pattern[str]:
    """A phrase matches at a word start, with any ending ("corrigib" → "corrigibility")."""
    return re.compile(rf"\b{re.escape(phrase)}\w*", re.IGNORECASE)


_PATTERNS = {name: [_pattern(p) for p in phrases] for name, phrases in CONCEPTS.items()}


def suggest(title: str, summary: str = "", limit: int = 6) -> list[str]:
    """Concept tags that the title and summary mention, strongest first (title counts triple)."""
    scores: dict[str, int] = {}
    for name, patterns in _PATTERNS.items():
        score = sum(3 * len(p.findall(title)) + len(p.findall(summary)) for p in patterns)
        if score:
            scores[name] = score
    ranked = sorted(scores, key=lambda n: (-scores[n], list(CONCEPTS).index(n)))
    return ranked[:limit]


def all_concepts() -> list[str]:
    """Every built-in concept name, in the list's order."""
    return list(CONCEPTS)

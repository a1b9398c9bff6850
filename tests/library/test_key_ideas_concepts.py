"""Concept tags suggested from a reading's title and summary."""

from __future__ import annotations

from curriculum.library import concepts


def test_suggests_from_title_and_summary():
    assert concepts.suggest("Toy Models of Superposition", "polysemantic neurons")[0] == (
        "superposition"
    )
    assert concepts.suggest("Goal Misgeneralization in Deep RL")[0] == "goal misgeneralisation"
    assert set(concepts.suggest("AI safety via debate", "a scalable oversight method")) == {
        "debate",
        "scalable oversight",
    }
    assert "corrigibility" in concepts.suggest("The off-switch game", "corrigible agents")


def test_title_outweighs_summary_and_unrelated_text_suggests_nothing():
    ranked = concepts.suggest("Constitutional AI", "we evaluate with red teaming")
    assert ranked[0] == "constitutional ai" and "evaluations" in ranked
    assert concepts.suggest("A recipe for sourdough bread", "flour, water, salt") == []


def test_the_issue_concepts_are_all_built_in():
    names = set(concepts.all_concepts())
    wanted = {
        "outer alignment", "inner alignment", "specification gaming", "reward hacking",
        "deceptive alignment", "scheming", "amplification", "interpretability", "rlhf",
        "dangerous capabilities", "ai control", "eliciting latent knowledge",
        "agent foundations", "power-seeking", "situational awareness", "governance",
    }  # fmt: skip
    assert wanted <= names

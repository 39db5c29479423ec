"""WereBench evaluation end to end with a real model: the tiny random-weight Llama behind the real
vLLM server, reached through an 'openai:' agent spec as `parlour eval werebench` reaches it. Its
answers are noise, so the test checks the pipeline (every answer is one of the legal keys, every
question is asked), never the score."""

from __future__ import annotations

from pathlib import Path

import pytest

from parlour.datasets.werebench import load
from parlour.evaluators.werebench import Settings, chooser_from_spec, evaluate
from parlour.evaluators.werebench.decisions import role_question

from .conftest import SERVED_NAME

SYNTHETIC = Path(__file__).parent.parent / "data" / "werebench-synthetic"


@pytest.mark.vllm
def test_werebench_answers_from_the_real_engine_are_legal_keys(vllm_server, runner):
    data = load(SYNTHETIC)
    spec = f"openai:{vllm_server}/{SERVED_NAME}"
    chooser = chooser_from_spec(spec, temperature=1.0)
    settings = Settings(agent=spec, data=str(SYNTHETIC), decodes=2, seed=0, limit=1, role_day=3, temperature=1.0,
                        context_chars=None)

    async def go():
        try:
            return await evaluate(data.items, data.games, chooser, settings)
        finally:
            await chooser.aclose()

    report = runner.run(go(), timeout=600)
    # --limit 1: one item per dimension (as written and shuffled), one vote, one game; two decodes each
    assert chooser.calls == 2 * (2 * 5 + 1 + 1) and chooser.no_answers == 0
    items = {i.id: i for i in data.items}
    for a in report.speech.answers:
        assert len(a.chosen) == 2 and all(c in items[a.item].keys for c in a.chosen), a
    for v in report.votes.answers:
        seats = {s.seat for s in data.game(v.game).seats} - {v.voter}
        assert all(c in seats for c in v.chosen), v
    for r in report.roles.answers:
        fields = role_question(data.game(r.game), r.perspective, r.after_day).fields
        legal = set(next(iter(fields.values())))
        assert all(set(c) == set(r.truth) and set(c.values()) <= legal for c in r.chosen), r
    assert {s.group for s in report.speech.scores} >= {"Role Inference", "macro average"}

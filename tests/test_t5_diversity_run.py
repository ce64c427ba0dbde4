"""The t5 diversity run (``python -m t5_rlhf.diversity``, issue 23): base, SFT and DPO built and
measured end to end, here with a 1-layer cut and a few steps (seconds, not minutes)."""

import json
import math

from grader.core import target

diversity = target.oracle("t5_rlhf.diversity")  # solutions/, under a private alias


def test_run_measures_base_sft_and_dpo_at_each_temperature(capsys):
    out = diversity.run(
        sft_steps=2,
        dpo_steps=1,
        samples=3,
        temperatures=(1.0, 0.5),
        max_new_tokens=6,
        questions=2,
        num_hidden_layers=1,
    )
    assert list(out) == [1.0, 0.5]
    for report in out.values():
        assert list(report) == ["base", "sft", "dpo"]
        for numbers in report.values():
            assert set(numbers) == {"distinct_1", "distinct_2", "entropy", "judge"}
            assert 0.0 <= numbers["distinct_1"] <= 1.0 and 0.0 <= numbers["distinct_2"] <= 1.0
            assert 0.0 <= numbers["entropy"] <= math.log(3) + 1e-9
            assert -3.0 <= numbers["judge"] <= 2.0
    printed = capsys.readouterr().out
    assert printed.count("distinct-1") == 2 and "ln 3 = 1.10" in printed
    json.dumps(out)  # main() writes it with --json

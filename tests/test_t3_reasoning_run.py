"""The t3 reasoning demo (``python -m t3_pretraining.reasoning``, issue 23): the adder and the
Shakespeare model measured end to end, here with 2 training steps and 2 problems per depth."""

from grader.core import target

reasoning = target.oracle("t3_pretraining.reasoning")  # solutions/, under a private alias


def test_main_probes_the_adder_and_the_shakespeare_model(capsys):
    reasoning.main(["--steps", "2", "--n", "2", "--max-depth", "2", "--n-embd", "32"])
    printed = capsys.readouterr().out
    assert "(trained on 1-3)" in printed
    assert "(the Shakespeare model, data/t3_base_model by default)" in printed
    assert printed.count("digits  exact-match accuracy") == 2
    assert "the Shakespeare model never adds" in printed


def test_main_can_skip_the_shakespeare_model(capsys):
    reasoning.main(
        ["--steps", "2", "--n", "2", "--max-depth", "1", "--n-embd", "32", "--no-shakespeare"]
    )
    assert "Shakespeare" not in capsys.readouterr().out


def test_greedy_completer_stops_at_the_first_newline_for_either_tokenizer():
    model, tok = reasoning.shakespeare_model()
    text = reasoning.greedy_completer(model, tok, max_new_tokens=8)("6+6=")
    assert (
        text == ".\n"
    )  # the Shakespeare model's answer to every sum (README, "What you should see")
    adder, char_tok, _ = reasoning.train_adder(steps=1, n_per_digit=20, n_embd=32, verbose=False)
    out = reasoning.greedy_completer(adder, char_tok, max_new_tokens=5)("1+2=")
    assert len(out) <= 5 and ("\n" not in out or out.endswith("\n") and out.count("\n") == 1)

"""Hidden checks for reward.py: the Bradley–Terry loss, the reward model, ranking and best-of-n."""

import random

import pytest
import torch
import torch.nn.functional as F

from grader.core import feedback, target

reward = target.module("t5_rlhf.reward")
data = target.module("t5_rlhf.data")
judge = target.module("t5_rlhf.judge")


# ---------------------------------------------------------------- bradley_terry_loss (task 1)


@pytest.mark.points(2)
def test_bradley_terry_loss_matches_the_formula():
    """bradley_terry_loss is the mean of -log σ(r_c - r_r) on random inputs, with its gradient"""
    gen = torch.Generator().manual_seed(0)
    for size in (1, 7, 64):
        rc = (3 * torch.randn(size, generator=gen, dtype=torch.float64)).requires_grad_()
        rr = (3 * torch.randn(size, generator=gen, dtype=torch.float64)).requires_grad_()
        got = reward.bradley_terry_loss(rc, rr)
        expected = F.softplus(-(rc - rr)).mean()  # softplus(-x) = -log σ(x)
        feedback.expect(
            torch.is_tensor(got) and got.dim() == 0,
            f"bradley_terry_loss of {size} pairs must be a 0-d tensor",
            expected="0-d tensor",
            got=got,
        )
        feedback.expect_close(
            got,
            expected,
            f"bradley_terry_loss of {size} random pairs",
            atol=1e-9,
            rtol=1e-9,
            hint="the mean over pairs of -log(sigmoid(r_chosen - r_rejected)); "
            "mean, not sum; chosen minus rejected, not the other way round",
        )
        g_c, g_r = torch.autograd.grad(got, (rc, rr))
        e_c, e_r = torch.autograd.grad(expected, (rc, rr))
        feedback.expect_close(
            g_c,
            e_c,
            f"gradient of bradley_terry_loss w.r.t. r_chosen ({size} pairs)",
            atol=1e-9,
            hint="compute it with torch operations on the inputs (no .item(), no detach)",
        )
        feedback.expect_close(g_r, e_r, f"gradient w.r.t. r_rejected ({size} pairs)", atol=1e-9)


@pytest.mark.points(1)
def test_bradley_terry_loss_is_stable():
    """bradley_terry_loss stays finite and exact at differences of ±1e4 (float32)"""
    rc = torch.tensor([1e4, -1e4, 0.0, 5e3], requires_grad=True)
    rr = torch.tensor([0.0, 0.0, 0.0, -5e3], requires_grad=True)
    for i, expected in enumerate([0.0, 1e4, 0.6931471805599453, 0.0]):
        got = reward.bradley_terry_loss(rc[i : i + 1], rr[i : i + 1])
        feedback.expect_close(
            got,
            torch.tensor(expected),
            f"bradley_terry_loss({rc[i].item():g}, {rr[i].item():g})",
            atol=1e-4,
            rtol=1e-6,
            hint="-log(sigmoid(x)) overflows: sigmoid(-1e4) is 0 in float, and log(0) = -inf. "
            "Use F.logsigmoid (or softplus(-x)), which is computed stably",
        )
    loss = reward.bradley_terry_loss(rc, rr)
    grad = torch.autograd.grad(loss, rc)[0]
    feedback.expect(
        bool(torch.isfinite(grad).all()),
        "the gradient at ±1e4 must be finite",
        expected="finite",
        got=grad,
    )


@pytest.mark.points(1)
def test_preference_accuracy_counts_strict_wins():
    """preference_accuracy is the share of strict wins (a float); ties count as mistakes"""
    rc = torch.tensor([2.0, 1.0, 0.5, -1.0, 3.0])
    rr = torch.tensor([1.0, 1.0, 0.7, -2.0, 3.0])
    got = reward.preference_accuracy(rc, rr)
    feedback.expect(
        isinstance(got, float),
        "preference_accuracy must return a Python float",
        expected="float",
        got=type(got).__name__,
        hint="call .item() on the mean",
    )
    feedback.expect_close(
        got,
        0.4,
        "preference_accuracy with 2 wins, 1 loss and 2 ties out of 5",
        hint="use r_chosen > r_rejected (strict): a tie is not a correct ranking",
    )
    feedback.expect_close(
        reward.preference_accuracy(torch.zeros(4), torch.zeros(4)),
        0.0,
        "preference_accuracy of a reward model that scores everything 0",
    )


# ---------------------------------------------------------------- last_token_index (task 2)


def _masks(seed):
    gen = torch.Generator().manual_seed(seed)
    lengths = torch.randint(1, 12, (9,), generator=gen)
    right = (torch.arange(12)[None] < lengths[:, None]).long()
    left = right.flip(-1)
    return lengths, right, left


@pytest.mark.points(2)
def test_last_token_index_left_and_right_padding():
    """last_token_index finds the last real token with right padding, left padding and none"""
    lengths, right, left = _masks(1)
    got = reward.last_token_index(right)
    feedback.expect_equal(
        got.tolist(),
        (lengths - 1).tolist(),
        f"last_token_index with right padding (rows of lengths {lengths.tolist()} padded to 12)",
    )
    got = reward.last_token_index(left)
    feedback.expect_equal(
        got.tolist(),
        [11] * len(lengths),
        "last_token_index with LEFT padding (0 0 … 1 1): the last real token is at the end",
        hint="mask.sum(-1) - 1 is only right for right padding; find the position of "
        "the last 1 in each row instead",
    )
    full = torch.ones(3, 5, dtype=torch.long)
    feedback.expect_equal(
        reward.last_token_index(full).tolist(), [4, 4, 4], "last_token_index without padding"
    )
    bools = right.bool()
    feedback.expect_equal(
        reward.last_token_index(bools).tolist(),
        (lengths - 1).tolist(),
        "last_token_index of a bool mask",
    )


# ---------------------------------------------------------------- RewardModel (task 3)


def _tiny_classifier(seed=0):
    from transformers import LlamaConfig, LlamaForSequenceClassification

    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=64,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=64,
        pad_token_id=0,
        num_labels=1,
    )
    return LlamaForSequenceClassification(config).eval()


def _batch(lengths, width, side, seed=0):
    gen = torch.Generator().manual_seed(seed)
    rows = [torch.randint(1, 64, (n,), generator=gen) for n in lengths]
    ids = torch.zeros(len(rows), width, dtype=torch.long)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    for i, row in enumerate(rows):
        span = slice(width - len(row), width) if side == "left" else slice(0, len(row))
        ids[i, span], mask[i, span] = row, 1
    return rows, ids, mask


@pytest.mark.points(2)
@pytest.mark.parametrize("side", ["right", "left"])
def test_reward_model_matches_transformers_sequence_classifier(side):
    """RewardModel scores each sequence like transformers' LlamaForSequenceClassification"""
    clf = _tiny_classifier()
    model = reward.RewardModel(clf.model, 32)
    with torch.no_grad():
        model.head.weight.copy_(clf.score.weight)
        model.head.bias.fill_(0.25)
    _, ids, mask = _batch([3, 9, 1, 6], 9, side)
    with torch.no_grad():
        expected = clf(input_ids=ids, attention_mask=mask).logits.squeeze(-1) + 0.25
        got = model(ids, mask)
    feedback.expect_close(
        got,
        expected,
        f"RewardModel rewards of 4 {side}-padded sequences (lengths 3, 9, 1, 6) vs "
        "LlamaForSequenceClassification with the same weights (+ head bias)",
        atol=1e-5,
        hint="pass attention_mask to the backbone, take last_hidden_state at "
        "last_token_index(attention_mask) of each row (not position -1, not 0, "
        "not a mean), apply head and squeeze to shape (B,)",
    )


@pytest.mark.points(1)
def test_reward_model_ignores_padding():
    """a left-padded sequence gets the same reward as the same sequence alone"""
    clf = _tiny_classifier(seed=1)
    model = reward.RewardModel(clf.model, 32).eval()
    rows, ids, mask = _batch([2, 7, 4], 7, "left", seed=3)
    with torch.no_grad():
        padded = model(ids, mask)
        alone = torch.stack(
            [model(r[None], torch.ones(1, len(r), dtype=torch.long))[0] for r in rows]
        )
    feedback.expect_close(
        padded,
        alone,
        "rewards of left-padded rows vs each row without padding",
        atol=1e-4,
        hint="give the attention mask to the backbone so that real tokens never attend "
        "to padding, and read the hidden state of the last real token",
    )


# ---------------------------------------------------------------- rank_candidates, best_of_n (task 5)


@pytest.mark.points(2)
def test_rank_candidates_order_and_ties():
    """rank_candidates sorts best first, keeps input order among ties, scores each candidate once"""
    scores = {"a": 0.5, "b": 2.0, "c": 0.5, "d": -1.0, "e": 2.0, "f": 0.5}
    calls = []

    def score_fn(prompt, candidate):
        calls.append((prompt, candidate))
        return scores[candidate]

    cands = ["c", "a", "d", "e", "f", "b"]
    got = reward.rank_candidates(score_fn, "Q?", cands)
    expected = [("e", 2.0), ("b", 2.0), ("c", 0.5), ("a", 0.5), ("f", 0.5), ("d", -1.0)]
    feedback.expect_equal(
        [(c, float(s)) for c, s in got],
        expected,
        "rank_candidates of candidates " + repr(cands),
        hint="sort by score, highest first, with a stable sort so equal scores keep "
        "their input order: sorted(pairs, key=lambda p: -p[1]). Sorting "
        "(score, text) tuples breaks ties by the text instead",
    )
    feedback.expect_equal(
        sorted(calls),
        sorted(("Q?", c) for c in cands),
        "score_fn calls: exactly once per candidate, with the prompt",
        hint="score each candidate once: score_fn(prompt, candidate)",
    )


@pytest.mark.points(2)
def test_best_of_n_draws_n_and_keeps_the_best():
    """best_of_n calls generate_fn n times and returns the highest-scoring reply (first of equals)"""
    for n, stream, expected in [
        (5, ["x1", "x9", "x3", "x9b", "x2"], "x9"),
        (1, ["x4", "x8"], "x4"),
        (3, ["x1", "x2", "x7", "x9"], "x7"),
    ]:
        source = iter(stream)
        drawn = []

        def generate_fn(prompt, source=source, drawn=drawn):
            assert prompt == "P"
            drawn.append(next(source))
            return drawn[-1]

        got = reward.best_of_n(generate_fn, lambda p, r: float(r[1]), "P", n)
        feedback.expect_equal(
            len(drawn),
            n,
            f"best_of_n(n={n}): number of generate_fn calls",
            hint="draw a new reply for each of the n samples: [generate_fn(prompt) for _ in range(n)]",
        )
        feedback.expect_equal(
            got,
            expected,
            f"best_of_n(n={n}) over samples {stream[:n]} (score = the digit)",
            hint="return the candidate with the highest score_fn; the first of equals",
        )


@pytest.mark.points(2)
def test_best_of_n_beats_a_random_pick_on_the_judge():
    """best-of-4 scored by the judge beats a random pick of the same replies on held-out prompts"""
    pairs = data.load_preferences("heldout")
    by_prompt = {}
    for p in pairs:
        by_prompt.setdefault(p["prompt"], []).extend([p["chosen"], p["rejected"]])
    rng = random.Random(5)
    random_pick, best = [], []
    for prompt, pool in sorted(by_prompt.items()):
        for _ in range(5):
            group = [rng.choice(pool) for _ in range(4)]
            random_pick.append(judge.judge(prompt, group[0]))
            it = iter(group)
            chosen = reward.best_of_n(lambda q, it=it: next(it), judge.judge, prompt, 4)
            best.append(judge.judge(prompt, chosen))
    mean_random, mean_best = sum(random_pick) / len(random_pick), sum(best) / len(best)
    # the reference: random pick -0.67, best-of-4 0.53 (judge scores run from -3 to 2)
    feedback.expect(
        mean_best > mean_random + 0.6,
        f"mean judge score of best-of-4 ({mean_best:.2f}) should beat a random pick "
        f"({mean_random:.2f}) by more than 0.6 (the reference: 0.53 vs -0.67)",
        hint="best_of_n must return the reply with the HIGHEST score_fn",
    )

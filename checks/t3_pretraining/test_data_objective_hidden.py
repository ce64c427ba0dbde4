"""Hidden checks for data.py and objective.py: uniform windows, the loss vs transformers, units."""

import functools
import math

import pytest
import torch

from grader.core import feedback, target

data = target.module("t3_pretraining.data")
objective = target.module("t3_pretraining.objective")

SIGNIFICANCE = 1e-4


def _gen(seed):
    return torch.Generator().manual_seed(seed)


# ---------------------------------------------------------------- get_batch


@pytest.mark.points(2)
def test_get_batch_windows_are_uniform_over_every_start():
    """get_batch draws start positions uniformly from 0 .. len(ids) - block_size - 1"""
    n, block, draws = 48, 8, 500
    ids = torch.arange(n)
    starts = []
    for i in range(draws):
        x, y = data.get_batch(ids, 40, block, generator=_gen(i))
        starts.append(x[:, 0])
    starts = torch.cat(starts)
    valid = n - block  # starts 0 .. n - block - 1
    if starts.min() < 0 or starts.max() > valid - 1:
        feedback.fail(
            "a window runs past the end of the ids (y needs one token more than x)",
            f"starts in 0..{valid - 1}",
            f"starts up to {starts.max().item()}",
            hint="torch.randint(0, len(ids) - block_size, ...): the high end is exclusive",
        )
    counts = torch.bincount(starts, minlength=valid).double()
    if (counts == 0).any():
        missing = (counts == 0).nonzero().flatten().tolist()
        feedback.fail(
            f"with ids of length {n} and block_size {block}, {draws * 40} windows never start at "
            f"{missing}",
            f"every start 0..{valid - 1}",
            f"counts {counts.long().tolist()}",
            hint="the last valid start is len(ids) - block_size - 1 (torch.randint's high is "
            "exclusive: use len(ids) - block_size), and any start is allowed, not only "
            "multiples of block_size",
        )
    expected = counts.sum() / valid
    stat = ((counts - expected) ** 2 / expected).sum()
    p = torch.special.gammaincc(torch.tensor((valid - 1) / 2, dtype=torch.float64), stat / 2).item()
    feedback.expect(
        p > SIGNIFICANCE,
        f"the start positions are not uniform (chi-square {stat:.0f} with {valid - 1} degrees of "
        f"freedom, p = {p:.1e})",
        expected=f"about {expected:.0f} per start",
        got=counts.long().tolist(),
        hint="draw every start with the same probability",
    )


@pytest.mark.points(1)
def test_get_batch_targets_follow_inputs_on_real_text():
    """on encoded Shakespeare, y[b, t] is the token after x[b, t] in the text"""
    text = data.load_corpus()[:5000]
    tok = data.CharTokenizer(text)
    ids = torch.tensor(tok.encode(text))
    x, y = data.get_batch(ids, 32, 64, generator=_gen(7))
    feedback.expect(
        x.dtype == torch.long and y.dtype == torch.long,
        "x and y must be LongTensors (embedding layers need integer ids)",
        expected=torch.long,
        got=(x.dtype, y.dtype),
    )
    windows = ids.unfold(0, 65, 1)  # every window of 65 consecutive ids
    pairs = torch.cat([x, y[:, -1:]], dim=1)
    found = (pairs[:, None, :] == windows[None]).all(-1).any(-1)
    feedback.expect(
        bool(found.all()),
        "x + the last token of y must be 65 consecutive ids of the text",
        hint="x = ids[s : s + block_size], y = ids[s + 1 : s + block_size + 1]",
        expected="consecutive windows",
        got=f"{int((~found).sum())} of 32 rows are not",
    )
    feedback.expect_equal(y[:, :-1].tolist(), x[:, 1:].tolist(), "y[:, :-1] must equal x[:, 1:]")


@pytest.mark.points(1)
def test_get_batch_uses_the_generator():
    """different seeds give different batches; the same seed the same batch"""
    ids = torch.arange(10_000)
    a = data.get_batch(ids, 8, 16, generator=_gen(1))[0]
    torch.manual_seed(123)
    b = data.get_batch(ids, 8, 16, generator=_gen(1))[0]
    c = data.get_batch(ids, 8, 16, generator=_gen(2))[0]
    feedback.expect(
        torch.equal(a, b),
        "generators seeded 1 twice must give the same batch",
        hint="pass generator=generator to torch.randint",
        expected=a[:, 0],
        got=b[:, 0],
    )
    feedback.expect(
        not torch.equal(a, c),
        "generators seeded 1 and 2 gave the same batch",
        hint="pass generator=generator to torch.randint",
    )


# ---------------------------------------------------------------- next_token_loss


@functools.cache
def _model(vocab=40, seed=0):
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(seed)
    config = GPT2Config(
        n_layer=1,
        n_head=2,
        n_embd=16,
        vocab_size=vocab,
        n_positions=32,
        initializer_range=0.5,
        bos_token_id=None,
        eos_token_id=None,
    )
    return GPT2LMHeadModel(config).eval()


def _padded_batch(seed=3):
    """Right-padded batch with very different lengths: rows have 14, 3 and 8 real tokens."""
    ids = torch.randint(0, 40, (3, 14), generator=_gen(seed))
    mask = torch.ones_like(ids)
    mask[1, 3:] = 0
    mask[2, 8:] = 0
    return ids, mask


@pytest.mark.points(2)
def test_next_token_loss_with_padding_matches_transformers():
    """with uneven padding, next_token_loss equals transformers' loss (mean over real tokens)"""
    model = _model()
    ids, mask = _padded_batch()
    labels = ids.masked_fill(mask == 0, -100)
    with torch.no_grad():
        out = model(ids, attention_mask=mask, labels=labels)
    feedback.expect_close(
        objective.next_token_loss(out.logits, labels),
        out.loss,
        "next_token_loss on rows with 13, 2 and 7 real predictions vs transformers",
        hint="one mean over all non-ignored predictions of the batch (F.cross_entropy with "
        "ignore_index over the flattened batch), not the mean of per-row means or a sum",
    )


@pytest.mark.points(1)
def test_next_token_loss_with_a_custom_ignore_index():
    """next_token_loss honours ignore_index (e.g. the pad id 0), like transformers' ForCausalLMLoss"""
    from transformers.loss.loss_utils import ForCausalLMLoss

    model = _model()
    ids, mask = _padded_batch(5)
    ids = ids.clamp(min=1).masked_fill(mask == 0, 0)  # pad id 0, never a real token
    with torch.no_grad():
        logits = model(ids, attention_mask=mask).logits
    expected = ForCausalLMLoss(logits, ids, vocab_size=40, ignore_index=0)
    feedback.expect_close(
        objective.next_token_loss(logits, ids, ignore_index=0),
        expected,
        "next_token_loss(logits, ids, ignore_index=0) vs transformers' ForCausalLMLoss",
        hint="pass ignore_index on to F.cross_entropy instead of assuming -100",
    )


@pytest.mark.points(1)
def test_next_token_loss_gradient_and_half_precision():
    """next_token_loss back-propagates like transformers' loss and accepts bfloat16 logits"""
    model = _model()
    ids = torch.randint(0, 40, (2, 9), generator=_gen(11))
    logits = model(ids).logits.detach().requires_grad_(True)
    loss = objective.next_token_loss(logits, ids)
    feedback.expect(
        isinstance(loss, torch.Tensor) and loss.dim() == 0,
        "next_token_loss must return a 0-d tensor",
        expected="0-d tensor",
        got=getattr(loss, "shape", type(loss)),
        hint="return the tensor itself, not loss.item()",
    )
    loss.backward()
    expected_logits = logits.detach().clone().requires_grad_(True)
    model.loss_function(expected_logits, ids, vocab_size=40).backward()
    feedback.expect_close(
        logits.grad,
        expected_logits.grad,
        "gradient of next_token_loss with respect to the logits",
        atol=1e-6,
        hint="the last position's logits predict nothing: their gradient is 0",
    )
    half = model(ids).logits.detach().bfloat16()
    got = objective.next_token_loss(half, ids)
    feedback.expect(
        got.dtype == torch.float32,
        "the loss of bfloat16 logits must be computed in float32",
        expected=torch.float32,
        got=got.dtype,
        hint="call .float() on the logits first",
    )
    feedback.expect_close(
        got,
        model.loss_function(half, ids, vocab_size=40),
        "loss of bfloat16 logits vs transformers (which upcasts to float32)",
    )


# ---------------------------------------------------------------- perplexity, bits per byte


@pytest.mark.points(1)
@pytest.mark.parametrize("loss", [0.5, 1.793, 4.174])
def test_perplexity_is_e_to_the_loss(loss):
    """perplexity(loss) = e ** loss for losses in nats"""
    feedback.expect_close(
        objective.perplexity(loss),
        math.exp(loss),
        f"perplexity({loss})",
        hint="natural exponent: math.exp(mean_loss)",
        rtol=1e-9,
        atol=0,
    )


@pytest.mark.points(1)
def test_bits_per_byte_of_a_byte_level_model():
    """a byte-level model's bits per byte equals its mean loss in bits per token"""
    text = "Now is the winter of our discontent — made glorious summer."
    n_bytes = len(text.encode("utf-8"))  # the dash takes 3 bytes
    mean_nats = 1.3
    got = objective.bits_per_byte(mean_nats * n_bytes, n_bytes)
    feedback.expect_close(
        got,
        mean_nats / math.log(2),
        "bits_per_byte when every byte is one token (mean loss 1.3 nats)",
        hint="divide by ln(2) to turn nats into bits",
        rtol=1e-9,
        atol=0,
    )
    # nanoGPT's Shakespeare reference: 1.793 nats per character on mostly-ASCII text
    feedback.expect_close(
        objective.bits_per_byte(1.793 * 1000, 1000),
        2.5867,
        "bits_per_byte(1793 nats, 1000 bytes)",
        atol=1e-3,
    )

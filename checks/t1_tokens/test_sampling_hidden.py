"""Hidden checks for sampling.py: sampling distributions, edge cases, generate vs transformers."""

import contextlib
import functools

import pytest
import torch

from grader.core import feedback, target

sampling = target.module("t1_tokens.sampling")
ref = target.oracle("t1_tokens.sampling")

NEG_INF = float("-inf")
N_SAMPLES = 20_000

# a correct sampler fails a distribution check with this probability (the samples are seeded,
# so the reference never fails; this bounds it for samplers that use the generator differently)
SIGNIFICANCE = 1e-4

# sorted from most to least probable, so a filter keeps a prefix
BASE_LOGITS = torch.tensor([2.0, 1.0, 0.5, 0.0, -1.0, -2.0])


def _gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _expected_distribution(logits, temperature=1.0, top_k=None, top_p=None):
    """The filtered, renormalised distribution, computed here in float64 (logits sorted desc)."""
    probs = torch.softmax(logits.double() / temperature, dim=-1)
    keep = torch.ones_like(probs, dtype=torch.bool)
    if top_k is not None:
        keep[top_k:] = False
    if top_p is not None:
        kept = torch.where(keep, probs, torch.zeros_like(probs))
        kept = kept / kept.sum()
        mass_before = torch.cumsum(kept, 0) - kept
        keep &= mass_before < top_p
        keep[0] = True
    probs = torch.where(keep, probs, torch.zeros_like(probs))
    return probs / probs.sum()


def _counts(tokens, vocab):
    if not isinstance(tokens, torch.Tensor):
        feedback.fail("sample_next_token must return a tensor", "a LongTensor", type(tokens))
    tokens = tokens.flatten().long()
    if ((tokens < 0) | (tokens >= vocab)).any():
        feedback.fail("sampled token ids out of range", f"ids in 0..{vocab - 1}", tokens)
    return torch.bincount(tokens, minlength=vocab).double()


def _chi_square(counts, expected_probs):
    """Pearson's statistic; cells with expected count < 5 are pooled. Returns (stat, df)."""
    expected = expected_probs * counts.sum()
    order = torch.argsort(expected, descending=True)
    obs_cells, exp_cells = [], []
    pool_obs = pool_exp = 0.0
    for i in order.tolist():
        if expected[i] >= 5:
            obs_cells.append(counts[i].item())
            exp_cells.append(expected[i].item())
        elif expected[i] > 0:
            pool_obs += counts[i].item()
            pool_exp += expected[i].item()
    if pool_exp > 0:
        if pool_exp >= 5 or not exp_cells:
            obs_cells.append(pool_obs)
            exp_cells.append(pool_exp)
        else:  # merge the small pool into the smallest regular cell
            obs_cells[-1] += pool_obs
            exp_cells[-1] += pool_exp
    stat = sum((o - e) ** 2 / e for o, e in zip(obs_cells, exp_cells))
    return stat, len(exp_cells) - 1


def _check_distribution(tokens, expected_probs, what, hint):
    counts = _counts(tokens, expected_probs.numel())
    n = counts.sum()
    forbidden = (expected_probs == 0) & (counts > 0)
    if forbidden.any():
        bad = forbidden.nonzero().flatten().tolist()
        feedback.fail(
            f"{what}: sampled token ids {bad}, which the filters must remove",
            f"only ids {(expected_probs > 0).nonzero().flatten().tolist()}",
            f"counts {counts.long().tolist()}",
            hint,
        )
    stat, df = _chi_square(counts, expected_probs)
    if df < 1:
        return
    # chi-square survival function: P(X >= stat) for df degrees of freedom
    p_value = torch.special.gammaincc(
        torch.tensor(df / 2, dtype=torch.float64), torch.tensor(stat / 2, dtype=torch.float64)
    ).item()
    if p_value < SIGNIFICANCE:
        exp_freq = [round(x, 3) for x in expected_probs.tolist()]
        got_freq = [round(x, 3) for x in (counts / n).tolist()]
        feedback.fail(
            f"{what}: the sampled frequencies do not follow the expected distribution "
            f"(chi-square {stat:.1f} with {df} degrees of freedom, p = {p_value:.1e}, "
            f"{int(n)} samples)",
            exp_freq,
            got_freq,
            hint,
        )


# ---------------------------------------------------------------- diagnoses

TOP_P_RULE = (
    "a token stays while the probability mass *before* it is < p, so the most probable "
    "token always stays (`cumsum <= p` drops it when it alone exceeds p)"
)


def _rows_without_a_token(filtered):
    """Indices of the rows of a filtered (…, vocab) tensor with no finite logit left."""
    if not isinstance(filtered, torch.Tensor) or filtered.dim() == 0:
        return []
    empty = ~torch.isfinite(filtered).any(-1)
    return empty.reshape(-1).nonzero().flatten().tolist()


def _expect_every_row_keeps_a_token(filtered, what):
    rows = _rows_without_a_token(filtered)
    if rows:
        shown = ", ".join(map(str, rows[:8])) + (", …" if len(rows) > 8 else "")
        feedback.fail(
            f"{what}: kept no token in row(s) {shown} (every logit -inf, so softmax "
            "gives NaN and torch.multinomial fails)",
            hint=TOP_P_RULE,
        )


def _invalid_probabilities_diagnosis() -> str:
    """Why torch.multinomial saw inf/NaN: probe the learner's filters and softmax."""
    confident = torch.tensor([[3.0, 0.0, 0.0, 0.0]])  # the top token alone has p = 0.87
    probes = [
        (
            lambda: _rows_without_a_token(sampling.top_p_filter(confident, 0.5)),
            "top_p_filter(p=0.5) keeps no token of a row whose top token alone has probability 0.87",
        ),
        (
            lambda: _rows_without_a_token(sampling.top_k_filter(confident, 1)),
            "top_k_filter(k=1) keeps no token",
        ),
        (
            lambda: not torch.isfinite(sampling.softmax(torch.tensor([[1e4, 0.0]]))).all(),
            "softmax overflows for logits of 1e4",
        ),
        (
            lambda: not torch.isfinite(sampling.softmax(torch.tensor([[0.0, NEG_INF]]))).all(),
            "softmax gives NaN for -inf logits",
        ),
    ]
    for found, finding in probes:
        # only a diagnosis: an error in the learner's code is reported by the other checks
        with contextlib.suppress(Exception):
            if found():
                return finding
    return ""


def _explains_invalid_probabilities(check):
    """Turn torch.multinomial's bare 'probability tensor contains inf/nan' into a diagnosis."""

    @functools.wraps(check)
    def wrapper(*args, **kwargs):
        try:
            return check(*args, **kwargs)
        except RuntimeError as error:
            if "probability tensor contains" not in str(error):
                raise
            found = _invalid_probabilities_diagnosis()
            feedback.fail(
                "torch.multinomial got probabilities with inf or NaN: a row had no token left "
                f"after filtering (all -inf) or an unstable softmax{': ' + found if found else ''}",
                hint=TOP_P_RULE
                if found.startswith("top_p")
                else "after top-k / top-p every row must keep at least its most probable token",
            )

    return wrapper


# ---------------------------------------------------------------- sampling distributions

DISTRIBUTION_CASES = [
    pytest.param(dict(temperature=1.0), "sample from softmax(logits)", id="t1"),
    pytest.param(
        dict(temperature=0.5), "divide the logits by the temperature (0.5 sharpens)", id="t0.5"
    ),
    pytest.param(
        dict(temperature=2.0), "divide the logits by the temperature (2 flattens)", id="t2"
    ),
    pytest.param(
        dict(temperature=1.0, top_k=3),
        "keep the 3 largest logits, renormalise, then sample",
        id="topk3",
    ),
    pytest.param(
        dict(temperature=1.0, top_p=0.8),
        "nucleus: keep tokens while the mass before them is < p (0.557 + 0.205 < 0.8, "
        "so the third token stays)",
        id="topp0.8",
    ),
    pytest.param(
        dict(temperature=2.0, top_p=0.7),
        "apply the temperature first, then top-p on the tempered distribution",
        id="t2-topp0.7",
    ),
    pytest.param(
        dict(temperature=0.5, top_k=4, top_p=0.95),
        "order: temperature, then top-k, then top-p",
        id="t0.5-topk4-topp0.95",
    ),
]


@pytest.mark.points(1)
@pytest.mark.parametrize("kwargs, hint", DISTRIBUTION_CASES)
@_explains_invalid_probabilities
def test_sampling_distribution(kwargs, hint):
    """sample_next_token draws from the tempered, filtered, renormalised distribution"""
    logits = BASE_LOGITS.expand(N_SAMPLES, -1).clone()
    tokens = sampling.sample_next_token(logits, generator=_gen(1234), **kwargs)
    args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    _check_distribution(
        tokens,
        _expected_distribution(BASE_LOGITS, **kwargs),
        f"{N_SAMPLES} samples with {args} from logits {BASE_LOGITS.tolist()}",
        hint,
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_sampling_rows_are_independent():
    """each row of a batch is sampled from its own distribution"""
    a = torch.tensor([3.0, 2.0, 1.0, 0.0, -1.0])
    b = torch.tensor([-1.0, 0.0, 1.0, 2.5, 2.0])
    n = N_SAMPLES // 2
    logits = torch.stack([a, b]).repeat(n, 1)  # rows alternate a, b, a, b, ...
    tokens = sampling.sample_next_token(
        logits, temperature=1.0, top_k=3, top_p=0.9, generator=_gen(77)
    )
    if not isinstance(tokens, torch.Tensor) or tokens.shape != (2 * n,):
        feedback.fail(
            "sample_next_token on a batch of shape (20000, 5)",
            (2 * n,),
            getattr(tokens, "shape", tokens),
        )
    hint = (
        "filter and sample each row separately (top-k / top-p over the last dimension, "
        "torch.multinomial on the (batch, vocab) probabilities)"
    )
    order_b = torch.argsort(b, descending=True)
    expected_b = torch.zeros(5, dtype=torch.float64)
    expected_b[order_b] = _expected_distribution(b[order_b], top_k=3, top_p=0.9)
    _check_distribution(
        tokens[0::2],
        _expected_distribution(a, top_k=3, top_p=0.9),
        "even rows (logits [3, 2, 1, 0, -1], top_k=3, top_p=0.9)",
        hint,
    )
    _check_distribution(
        tokens[1::2], expected_b, "odd rows (logits [-1, 0, 1, 2.5, 2], top_k=3, top_p=0.9)", hint
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_same_seed_gives_same_samples():
    """a generator seeded the same way gives the same samples"""
    logits = torch.randn(500, 40, generator=_gen(5))
    first = sampling.sample_next_token(logits, temperature=1.0, generator=_gen(99))
    torch.rand(7)  # move the global random state on
    second = sampling.sample_next_token(logits, temperature=1.0, generator=_gen(99))
    feedback.expect(
        torch.equal(first, second),
        "two calls with generators seeded 99 must return the same tokens",
        hint="pass generator=generator to torch.multinomial (the global RNG is not the generator)",
        expected=first,
        got=second,
    )
    other = sampling.sample_next_token(logits, temperature=1.0, generator=_gen(100))
    feedback.expect(
        not torch.equal(first, other),
        "generators seeded 99 and 100 gave identical samples",
        hint="draw the samples from the given generator",
    )


@pytest.mark.points(1)
def test_greedy_ignores_filters_and_seed():
    """temperature=0 gives the argmax even with top_k/top_p and a generator"""
    logits = torch.randn(8, 50, generator=_gen(6)) * 4
    got = sampling.sample_next_token(logits, temperature=0, top_k=5, top_p=0.5, generator=_gen(1))
    feedback.expect_equal(
        getattr(got, "tolist", lambda: got)(),
        logits.argmax(-1).tolist(),
        "greedy tokens (temperature=0, top_k=5, top_p=0.5)",
        hint="temperature == 0: return logits.argmax(dim=-1), never divide by 0",
    )


# ---------------------------------------------------------------- filters: edge cases


@pytest.mark.points(1)
def test_filters_work_row_by_row():
    """top_k_filter and top_p_filter treat each row of a batch separately"""
    logits = torch.randn(6, 30, generator=_gen(8)) * 2
    for k in (1, 4, 30):
        feedback.expect_equal(
            sampling.top_k_filter(logits, k).tolist(),
            ref.top_k_filter(logits, k).tolist(),
            f"top_k_filter on a batch (6, 30) with k={k}",
            hint="take the k-th largest value of each row (torch.topk(..., dim=-1)), "
            "not of the whole tensor",
        )
    for p in (0.3, 0.75, 0.95):
        got = sampling.top_p_filter(logits, p)
        expected = ref.top_p_filter(logits, p)
        _expect_every_row_keeps_a_token(got, f"top_p_filter(p={p}) on a batch (6, 30)")
        feedback.expect_equal(
            torch.isfinite(got).sum(-1).tolist(),
            torch.isfinite(expected).sum(-1).tolist(),
            f"number of tokens kept per row by top_p_filter(p={p}) on a batch (6, 30)",
            hint="sort and cumsum each row along the last dimension; put the mask back in the "
            "original token order (scatter with the sort indices)",
        )
        feedback.expect_equal(
            got.tolist(),
            expected.tolist(),
            f"top_p_filter(p={p}) on a batch (6, 30)",
            hint="kept logits stay unchanged; the others become -inf",
        )


@pytest.mark.points(1)
def test_top_k_keeps_all_ties():
    """top_k_filter keeps every entry tied with the k-th largest, row by row"""
    logits = torch.randint(0, 5, (6, 20), generator=_gen(15)).float()
    for k in (1, 3, 7):
        got = sampling.top_k_filter(logits, k)
        expected = ref.top_k_filter(logits, k)
        feedback.expect_equal(
            torch.isfinite(got).sum(-1).tolist(),
            torch.isfinite(expected).sum(-1).tolist(),
            f"number of entries kept per row by top_k_filter(k={k}) on integer logits with ties",
            hint="remove only entries strictly below the k-th largest value; entries tied with "
            "it stay (do not keep exactly the k indices of torch.topk)",
        )
        feedback.expect_equal(
            got.tolist(), expected.tolist(), f"top_k_filter(k={k}) on integer logits with ties"
        )


@pytest.mark.points(1)
def test_filters_do_not_modify_their_input():
    """top_k_filter and top_p_filter return new tensors and leave the input unchanged"""
    logits = torch.randn(3, 10, generator=_gen(9))
    before = logits.clone()
    sampling.top_k_filter(logits, 2)
    feedback.expect(
        torch.equal(logits, before),
        "top_k_filter changed its input",
        hint="use masked_fill (not masked_fill_) or work on a clone",
    )
    sampling.top_p_filter(logits, 0.5)
    feedback.expect(
        torch.equal(logits, before),
        "top_p_filter changed its input",
        hint="use masked_fill (not masked_fill_) or work on a clone",
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_top_k_larger_than_vocabulary():
    """top_k larger than the vocabulary keeps every token"""
    logits = torch.randn(2, 10, generator=_gen(10))
    got = sampling.top_k_filter(logits, 100)
    feedback.expect_equal(
        got.tolist(),
        logits.tolist(),
        "top_k_filter(logits with 10 tokens, k=100)",
        hint="clamp k to the vocabulary size before torch.topk",
    )
    tokens = sampling.sample_next_token(logits, temperature=1.0, top_k=100, generator=_gen(0))
    feedback.expect_equal(
        tuple(tokens.shape),
        (2,),
        "sample_next_token(..., top_k=100) shape",
        hint="clamp k to the vocabulary size",
    )


@pytest.mark.points(1)
def test_top_p_extremes():
    """top_p=1.0 keeps every token; a tiny top_p keeps exactly the most probable token"""
    logits = torch.randn(4, 50, generator=_gen(11)) * 2
    feedback.expect_equal(
        sampling.top_p_filter(logits, 1.0).tolist(),
        logits.tolist(),
        "top_p_filter(p=1.0) must keep every token",
        hint="remove a token only when the mass before it is >= p",
    )
    got = sampling.top_p_filter(logits, 1e-6)
    _expect_every_row_keeps_a_token(got, "top_p_filter(p=1e-6) on 4 rows of 50 logits")
    expected = torch.full_like(logits, NEG_INF)
    top = logits.argmax(-1, keepdim=True)
    expected.scatter_(-1, top, logits.gather(-1, top))
    feedback.expect_equal(
        got.tolist(),
        expected.tolist(),
        "top_p_filter(p=1e-6) must keep exactly the top token of each row",
        hint="always keep the most probable token, remove everything after it",
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_minus_infinity_inputs():
    """-inf logits get probability 0 and are never sampled; no NaN"""
    logits = torch.tensor([[1.0, NEG_INF, 0.5, NEG_INF], [NEG_INF, NEG_INF, 2.0, 0.0]])
    probs = sampling.softmax(logits)
    feedback.expect_close(
        probs,
        torch.softmax(logits, -1),
        "softmax with -inf entries",
        hint="exp(-inf) = 0: subtract the row maximum (finite here), then exp",
    )
    feedback.expect_equal(
        sampling.top_k_filter(logits, 3).tolist(),
        logits.tolist(),
        "top_k_filter(k=3) on rows with fewer than 3 finite logits",
        hint="the k-th largest may be -inf: remove only entries strictly below it",
    )
    kept = sampling.top_p_filter(logits, 0.99)
    _expect_every_row_keeps_a_token(kept, "top_p_filter(p=0.99) on rows with -inf entries")
    feedback.expect_equal(
        torch.isfinite(kept).tolist(),
        torch.isfinite(logits).tolist(),
        "top_p_filter(p=0.99) on rows with -inf entries",
        hint="p=0.99 keeps every token of non-zero probability here; -inf "
        "entries have probability 0 and stay -inf",
    )
    tokens = sampling.sample_next_token(logits.repeat(500, 1), temperature=1.0, generator=_gen(12))
    counts = _counts(tokens, 4)
    feedback.expect(
        counts[1].item() == 0,
        "token 1 has logit -inf in every row but was sampled",
        hint="sample from the probabilities, where -inf has probability 0",
        expected=0,
        got=int(counts[1].item()),
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_no_nan_for_huge_logits():
    """huge logits (1e4) give finite probabilities and valid samples at any temperature"""
    logits = torch.tensor([[1e4, 1e4 - 1.0, 0.0, -1e4], [-1e4, 5e3, 1e4, 1e4]])
    for temperature in (0.5, 1.0, 3.0):
        feedback.expect_close(
            sampling.softmax(logits, temperature),
            torch.softmax(logits / temperature, -1),
            f"softmax of logits ~1e4 at temperature {temperature}",
            hint="subtract each row's maximum after dividing by the temperature",
            atol=1e-3,
        )
    # softmax is right from here on: a wrong result below comes from elsewhere
    shifted = logits - logits.amax(-1, keepdim=True)  # the same probabilities, moderate logits
    expected_kept = [[True, True, False, False], [False, False, True, True]]
    kept = sampling.top_p_filter(logits, 0.9)
    what = "tokens kept by top_p_filter(p=0.9) for logits ~1e4"
    _expect_every_row_keeps_a_token(kept, what)
    if torch.isfinite(kept).tolist() != expected_kept:
        small = sampling.top_p_filter(shifted, 0.9)
        if torch.isfinite(small).tolist() == expected_kept:
            hint = (
                "top_p_filter is unstable: it is right once each row's maximum is "
                "subtracted, wrong for the raw logits; compute its probabilities with your "
                "softmax"
            )
        else:
            hint = (
                "not a softmax problem (yours is right here): top_p_filter keeps the wrong "
                "tokens for moderate logits too; keep a token while the mass before it is < p"
            )
        feedback.fail(what, expected_kept, torch.isfinite(kept).tolist(), hint)
    tokens = sampling.sample_next_token(
        logits.repeat(200, 1), temperature=1.0, top_p=0.9, generator=_gen(13)
    )
    if not isinstance(tokens, torch.Tensor) or tokens.shape != (400,):
        feedback.fail(
            "sample_next_token on logits of shape (400, 4)",
            (400,),
            getattr(tokens, "shape", tokens),
        )
    allowed = torch.tensor([[0, 1], [2, 3]]).repeat(200, 1)

    def wrong(samples):
        return ~(samples[:, None] == allowed).any(-1)

    bad = wrong(tokens)
    if bad.any():
        small = sampling.sample_next_token(
            shifted.repeat(200, 1), temperature=1.0, top_p=0.9, generator=_gen(13)
        )
        if isinstance(small, torch.Tensor) and small.shape == (400,) and not wrong(small).any():
            hint = (
                "sample_next_token is unstable for huge logits (right after subtracting "
                "each row's maximum): turn the filtered logits into probabilities with "
                "your softmax"
            )
        else:
            hint = (
                "not a softmax problem: with top_p=0.9 sample_next_token draws tokens that "
                "top_p_filter removes; sample from softmax(top_p_filter(logits / T, p))"
            )
        feedback.fail(
            "samples from logits ~1e4 must be among the kept top tokens of each row",
            "ids 0/1 in even rows, 2/3 in odd rows",
            tokens[bad],
            hint,
        )


@pytest.mark.points(1)
def test_softmax_on_more_dimensions():
    """softmax works over the last dimension of a 3-d tensor"""
    logits = torch.randn(2, 3, 7, generator=_gen(14)) * 5
    feedback.expect_close(
        sampling.softmax(logits, 0.7),
        torch.softmax(logits / 0.7, dim=-1),
        "softmax of a (2, 3, 7) tensor at temperature 0.7",
        hint="reduce over dim=-1 with keepdim=True (not dim=1 or over all)",
    )


# ---------------------------------------------------------------- generate


@functools.cache
def _model():
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(3)
    config = GPT2Config(
        n_layer=2,
        n_head=4,
        n_embd=32,
        vocab_size=50,
        n_positions=64,
        initializer_range=0.3,
        bos_token_id=None,
        eos_token_id=None,
    )
    return GPT2LMHeadModel(config).eval()


def _prompts():
    return torch.randint(0, 50, (3, 6), generator=_gen(21))


def _hf_greedy(prompts, max_new_tokens, eos_token_id=None):
    kwargs = {}
    if eos_token_id is not None:
        kwargs = {"eos_token_id": eos_token_id, "pad_token_id": eos_token_id}
    with torch.no_grad():
        return _model().generate(
            prompts,
            attention_mask=torch.ones_like(prompts),
            do_sample=False,
            max_new_tokens=max_new_tokens,
            **kwargs,
        )


def _first_positions(new_tokens, token):
    """First step at which each row produced ``token`` (None if never)."""
    out = []
    for row in new_tokens:
        hits = (row == token).nonzero().flatten()
        out.append(hits[0].item() if hits.numel() else None)
    return out


_expect_same_tokens = feedback.expect_same_tokens


@pytest.mark.points(2)
def test_greedy_generate_per_row_eos():
    """greedy generate with an EOS that ends some rows equals transformers generate"""
    prompts, steps = _prompts(), 16
    free = _hf_greedy(prompts, steps)[:, prompts.shape[1] :]
    eos = next(
        (
            t
            for t in range(50)
            if sum(p is not None and 0 < p < steps - 3 for p in _first_positions(free, t)) >= 1
            and any(p is None for p in _first_positions(free, t))
        ),
        None,
    )
    assert eos is not None, "check setup: no EOS candidate for this model"
    expected = _hf_greedy(prompts, steps, eos)
    original = prompts.clone()
    got = sampling.generate(_model(), prompts, steps, temperature=0, eos_token_id=eos)
    _expect_same_tokens(
        got,
        expected,
        f"greedy generate, 3 prompts, eos_token_id={eos} (one row never ends)",
        hint="per row: after the EOS, every later position is the EOS; the other rows continue "
        "until max_new_tokens",
    )
    feedback.expect(
        torch.equal(prompts, original),
        "generate modified input_ids in place",
        hint="build the output with torch.cat instead of writing into input_ids",
    )


@pytest.mark.points(2)
def test_greedy_generate_stops_when_all_rows_end():
    """generate stops early (shorter output) once every row has produced EOS"""
    prompts, steps = _prompts(), 16
    free = _hf_greedy(prompts, steps)[:, prompts.shape[1] :]
    best = None
    for t in range(50):
        firsts = _first_positions(free, t)
        if all(p is not None for p in firsts) and max(firsts) < steps - 3:
            spread = max(firsts) - min(firsts)
            if best is None or spread > best[0]:
                best = (spread, t)
    assert best is not None and best[0] > 0, "check setup: no EOS that ends every row"
    eos = best[1]
    expected = _hf_greedy(prompts, steps, eos)
    assert expected.shape[1] < prompts.shape[1] + steps
    got = sampling.generate(_model(), prompts.clone(), steps, temperature=0, eos_token_id=eos)
    _expect_same_tokens(
        got,
        expected,
        f"greedy generate with eos_token_id={eos}: every row ends after "
        f"{expected.shape[1] - prompts.shape[1]} of {steps} steps",
        hint="stop the loop as soon as every row is finished (like transformers): the output "
        "is then shorter than prompt + max_new_tokens; pad finished rows with the EOS",
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_generate_keeps_the_prompt():
    """the output of generate starts with the unchanged prompt"""
    prompts = _prompts()
    got = sampling.generate(_model(), prompts.clone(), 5, temperature=1.0, generator=_gen(4))
    if not isinstance(got, torch.Tensor) or got.dim() != 2 or got.shape[0] != 3:
        feedback.fail(
            "generate must return a (batch, length) tensor",
            "shape (3, 11)",
            getattr(got, "shape", got),
        )
    feedback.expect_equal(
        tuple(got.shape),
        (3, 11),
        "shape of generate(3 prompts of 6, 5 new)",
        hint="return the prompt and the new tokens: torch.cat along dim=1",
    )
    feedback.expect_equal(
        got[:, :6].tolist(),
        prompts.tolist(),
        "prefix of generate's output",
        hint="the output starts with input_ids unchanged",
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_sampled_generate_is_reproducible():
    """generate with a seeded generator gives the same text twice, other seeds differ"""
    prompts = _prompts()
    kwargs = dict(temperature=1.5, top_k=20, top_p=0.95)
    first = sampling.generate(_model(), prompts.clone(), 10, generator=_gen(31), **kwargs)
    torch.rand(3)
    second = sampling.generate(_model(), prompts.clone(), 10, generator=_gen(31), **kwargs)
    _expect_same_tokens(
        second,
        first,
        "generate twice with generators seeded 31",
        hint="pass the generator on to sample_next_token (and torch.multinomial)",
    )
    other = sampling.generate(_model(), prompts.clone(), 10, generator=_gen(32), **kwargs)
    feedback.expect(
        not torch.equal(first, other),
        "generate with seeds 31 and 32 (temperature 1.5) gave identical outputs",
        hint="sample (temperature > 0) with the given generator",
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_sampled_generate_with_top_k_1_is_greedy():
    """generate with temperature=1 and top_k=1 can only choose the top token: equals greedy"""
    prompts, steps = _prompts(), 12
    expected = _hf_greedy(prompts, steps)
    got = sampling.generate(
        _model(), prompts.clone(), steps, temperature=1.0, top_k=1, generator=_gen(41)
    )
    _expect_same_tokens(
        got,
        expected,
        "generate(temperature=1.0, top_k=1) vs greedy",
        hint="pass top_k (and top_p, temperature) on to sample_next_token at every step",
    )
    got = sampling.generate(
        _model(), prompts.clone(), steps, temperature=0.8, top_p=1e-6, generator=_gen(42)
    )
    _expect_same_tokens(
        got,
        expected,
        "generate(temperature=0.8, top_p=1e-6) vs greedy",
        hint="pass top_p on to sample_next_token at every step",
    )


@pytest.mark.points(1)
@_explains_invalid_probabilities
def test_sampled_generate_pads_after_eos():
    """with sampling too, a row that produced EOS continues with EOS only"""
    prompts = _prompts()
    free = sampling.generate(_model(), prompts.clone(), 8, temperature=1.0, generator=_gen(51))
    if not isinstance(free, torch.Tensor) or free.shape != (3, 14):
        feedback.fail(
            "generate(3 prompts of 6 tokens, 8 new, no EOS) shape",
            (3, 14),
            getattr(free, "shape", free),
        )
    eos = free[0, 6].item()  # row 0 draws it at the first step with the same seed
    got = sampling.generate(
        _model(), prompts.clone(), 8, temperature=1.0, eos_token_id=eos, generator=_gen(51)
    )
    new = got[:, 6:]
    for r, row in enumerate(new.tolist()):
        if eos in row:
            after = row[row.index(eos) :]
            feedback.expect(
                all(t == eos for t in after),
                f"sampled row {r} continued after EOS {eos}",
                hint="once a row has produced the EOS, write the EOS into all its later positions",
                expected=[eos] * len(after),
                got=after,
            )
    feedback.expect(
        eos in new[0].tolist(),
        f"row 0 should have produced EOS {eos}",
        hint="the same seed must give the same first token with and without eos_token_id",
        expected=eos,
        got=new[0],
    )


@pytest.mark.points(1)
def test_generate_runs_without_gradients():
    """generate runs the model under torch.no_grad()"""
    seen = []
    model = _model()
    handle = model.register_forward_pre_hook(lambda *_: seen.append(torch.is_grad_enabled()))
    try:
        sampling.generate(model, _prompts(), 3, temperature=0)
    finally:
        handle.remove()
    feedback.expect(bool(seen), "generate never called the model")
    feedback.expect(
        not any(seen),
        "generate ran the model with gradient tracking on",
        hint="wrap the loop in `with torch.no_grad():` (saves memory and time)",
    )

"""Reasoning limits, measured: where a tiny GPT trained on addition stops adding.

    python -m t3_pretraining.reasoning          (run from exercises/ or solutions/)

Addition of k-digit numbers is a multi-step task whose depth we control: every extra digit
is one more column and one more carry to propagate. A small GPT trained on 1- to 3-digit sums
for a CPU-minute masters one-digit sums, barely starts on two and gets none of 4 digits and
beyond (the README's table): it learns the sums it sees, not the algorithm. ``addition_dataset`` writes the problems, ``accuracy_by_depth`` scores greedy
completions by exact match, ``collapse_depth`` says where the accuracy falls below a
threshold. The given ``train_adder`` and ``main`` put them together; ``main`` also probes the
Shakespeare model (``shakespeare_model``: ``data/t3_base_model``, pretrained with this topic's
loop) on the same problems.

The format of one problem is ``f"{a}+{b}={a + b}\\n"``: plain decimal numbers, no zero
padding, no spaces, one newline at the end, e.g. ``"123+456=579\\n"`` and ``"7+5=12\\n"``.
Every character is one token of ``CharTokenizer(ADDITION_CHARS)`` (the topic's character
tokenizer over the 13 characters ``0-9 + = \\n``).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Iterable

import torch

from grader.core.training_log import pick_device

from .capstone import build_model
from .data import CharTokenizer, get_batch
from .train import logits_of, train

ADDITION_CHARS = "0123456789+=\n"


def addition_dataset(digits: int, n: int, seed: int) -> list[str]:
    """``n`` addition problems with two operands of exactly ``digits`` digits each.

    Use one ``rng = random.Random(seed)``; for each problem draw ``a = rng.randint(lo, hi)``,
    then ``b = rng.randint(lo, hi)``, with ``hi = 10**digits - 1`` and ``lo = 10**(digits - 1)``
    (so a 3-digit operand is 100..999), except ``lo = 0`` for ``digits == 1`` (0..9). Each
    problem is the string ``f"{a}+{b}={a + b}\\n"`` (no zero padding: the sum has ``digits``
    or ``digits + 1`` digits). The same seed gives the same list.
    """
    ### BEGIN SOLUTION (task 10)
    rng = random.Random(seed)
    lo = 0 if digits == 1 else 10 ** (digits - 1)
    hi = 10 ** digits - 1
    problems = []
    for _ in range(n):
        a = rng.randint(lo, hi)
        b = rng.randint(lo, hi)
        problems.append(f"{a}+{b}={a + b}\n")
    return problems
    ### END SOLUTION


def accuracy_by_depth(complete: Callable[[str], str], depths: Iterable[int], n_per_depth: int,
                      seed: int) -> dict[int, float]:
    """Exact-match accuracy of ``complete`` on ``n_per_depth`` problems of each depth.

    ``complete(prompt)`` returns the text a model writes after ``prompt`` (``greedy_completer``
    makes one from a model). For each depth ``k`` in ``depths``, take the problems
    ``addition_dataset(k, n_per_depth, seed)``; split each at its ``"="``: the prompt is the
    text up to and including the ``"="`` (``"123+456="``, never the answer), the answer the
    digits after it (``"579"``). A completion is correct when its text up to the first
    ``"\\n"`` (all of it if there is none) equals the answer exactly: no partial credit for
    some right digits, a right prefix or extra characters. Return ``{k: correct / n_per_depth}``
    as floats, one entry per depth, in the order given.
    """
    ### BEGIN SOLUTION (task 11)
    accuracies = {}
    for k in depths:
        correct = 0
        for line in addition_dataset(k, n_per_depth, seed):
            prompt, answer = line.rstrip("\n").split("=")
            completion = complete(prompt + "=")
            correct += completion.split("\n")[0] == answer
        accuracies[k] = correct / n_per_depth
    return accuracies
    ### END SOLUTION


def collapse_depth(accuracies: dict[int, float], threshold: float = 0.5) -> int | None:
    """The smallest depth whose accuracy is below ``threshold``, or ``None`` if there is none.

    ``accuracies`` maps depth to accuracy, as ``accuracy_by_depth`` returns it, in any order:
    look at the depths from the smallest up. An accuracy exactly equal to ``threshold`` has
    not collapsed (strictly below does).
    """
    ### BEGIN SOLUTION (task 12)
    for k in sorted(accuracies):
        if accuracies[k] < threshold:
            return k
    return None
    ### END SOLUTION


# ------------------------------------------------------------------- given: the experiment


def addition_tokenizer() -> CharTokenizer:
    """Given: the topic's character tokenizer over ``ADDITION_CHARS`` (13 ids)."""
    return CharTokenizer(ADDITION_CHARS)


def greedy_completer(model, tok, max_new_tokens: int = 8) -> Callable[[str], str]:
    """Given: ``complete(prompt)`` that greedily continues ``"\\n" + prompt`` until a newline.

    The newline in front makes the prompt look like a problem in the middle of the training
    stream. ``model`` is any ``transformers`` causal LM (the adder's GPT-2, the Shakespeare
    model's Llama) and ``tok`` anything with ``encode(text) -> list[int]`` and ``decode(ids)``
    (``CharTokenizer``, a ``transformers`` tokenizer). Generation stops after the first token
    whose text holds a newline. Returns the generated text, that token included.
    """
    config = model.config
    block_size = getattr(config, "n_positions", None) or config.max_position_embeddings

    @torch.no_grad()
    def complete(prompt: str) -> str:
        model.eval()
        device = next(model.parameters()).device
        ids = torch.tensor([tok.encode("\n" + prompt)], device=device)
        out = []
        for _ in range(max_new_tokens):
            logits = logits_of(model(ids[:, -block_size:]))[0, -1]
            nxt = int(logits.argmax())
            out.append(nxt)
            ids = torch.cat([ids, torch.tensor([[nxt]], device=device)], dim=1)
            if "\n" in tok.decode([nxt]):
                break
        return tok.decode(out)

    return complete


def shakespeare_model(path=None):
    """Given: the Shakespeare model, ``(model, tokenizer)``, loaded offline from ``path``.

    By default ``data/t3_base_model``: the 1.1M-parameter Llama with a 2048-token byte-level
    BPE that this topic's ``train`` loop pretrained on the plays (topics 4 and 5 fine-tune
    it). Its tokenizer can encode any text, digits and ``+ =`` included, which your
    character-level capstone model cannot: the plays hold no ``+`` and no ``=``, so its
    ``CharTokenizer`` has no id for them. Pass your own ``save_pretrained`` folder to probe
    another model.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from grader.core.topics import project_root

    path = path or project_root() / "data" / "t3_base_model"
    return AutoModelForCausalLM.from_pretrained(path).eval(), AutoTokenizer.from_pretrained(path)


def train_adder(train_digits=(1, 2, 3), n_per_digit: int = 20_000, steps: int = 1500,
                block_size: int = 32, batch_size: int = 32, n_layer: int = 2, n_embd: int = 128,
                max_lr: float = 3e-3, seed: int = 0, verbose: bool = True, device: str = "cpu"):
    """Given: a small GPT-2 (the capstone's ``build_model``) trained on 1- to 3-digit sums.

    The training text is ``n_per_digit`` problems of every depth in ``train_digits``,
    shuffled and joined into one stream; ``get_batch`` cuts windows from it and ``train``
    runs the loop, exactly as for Shakespeare; the loss counts only the answers (the digits
    after each ``"="`` and the newline), since the operands are random. The data seed is
    ``seed + 1000 + k``, so the training problems are not the evaluation problems of
    ``main`` (seed 0). ``device``: cpu, cuda, mps or auto (``pick_device``). Returns
    ``(model, tokenizer, seconds)``.
    """
    tok = addition_tokenizer()
    lines = [line for k in train_digits for line in addition_dataset(k, n_per_digit, seed + 1000 + k)]
    random.Random(seed).shuffle(lines)
    text = "".join(lines)
    ids = torch.tensor(tok.encode(text))
    # the loss counts only the answers (the digits after "=" and the newline): the operands are
    # random and cannot be predicted. get_batch cuts one tensor, so the mask rides along as +16.
    in_answer, answer = torch.zeros(len(text), dtype=torch.long), False
    for i, c in enumerate(text):
        in_answer[i] = answer
        answer = (answer or c == "=") and c != "\n"
    packed = ids + 16 * in_answer
    dev = pick_device(device)
    model = build_model(tok.vocab_size, block_size, n_layer=n_layer, n_embd=n_embd, seed=seed).to(dev)
    gen = torch.Generator().manual_seed(seed)

    def batches():
        while True:
            x, y = get_batch(packed, batch_size, block_size, generator=gen)
            yield (x % 16).to(dev), torch.where(y >= 16, y - 16, -100).to(dev)

    def on_step(step: int, loss: float) -> None:
        if verbose and ((step + 1) % 250 == 0 or step == 0):
            print(f"step {step + 1:5d}  loss {loss:.3f}  {time.perf_counter() - start:6.1f} s")

    start = time.perf_counter()
    train(model, batches(), steps, max_lr, warmup_steps=100, weight_decay=0.1, on_step=on_step)
    return model, tok, time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="train a tiny GPT on 1-3 digit addition and "
                                     "measure where it stops adding",
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--steps", type=int, default=1500, help="optimizer steps")
    parser.add_argument("--max-depth", type=int, default=6, help="evaluate depths 1..max-depth")
    parser.add_argument("--n", type=int, default=200, help="problems per depth")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-layer", type=int, default=2)
    parser.add_argument("--n-embd", type=int, default=128)
    parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="cpu",
                        help="where to train: auto picks a CUDA GPU or Apple's mps when there is one")
    parser.add_argument("--shakespeare", default=None, metavar="FOLDER",
                        help="the Shakespeare model to probe too (default: data/t3_base_model)")
    parser.add_argument("--no-shakespeare", action="store_true", help="probe only the adder")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # on a shared 2-core machine one thread was 20x faster than two
    model, tok, seconds = train_adder(steps=args.steps, n_layer=args.n_layer, n_embd=args.n_embd,
                                      seed=args.seed, device=args.device)
    print(f"trained on 1-3 digit sums: {args.steps} steps in {seconds:.0f} s")
    depths = range(1, args.max_depth + 1)
    accuracies = _print_probe(greedy_completer(model, tok), depths, args.n, "trained on 1-3",
                              examples=(4, 5))
    depth = collapse_depth(accuracies, args.threshold)
    if depth is None:
        print(f"no collapse below {args.threshold:.0%} up to {args.max_depth} digits")
    elif depth <= 3:
        print(f"accuracy collapses below {args.threshold:.0%} at {depth} digits, inside the "
              "lengths it was trained on: it has not learned those sums yet (try more --steps "
              "or a wider --n-embd), and beyond 3 digits it never saw a problem")
    else:
        print(f"accuracy collapses below {args.threshold:.0%} at {depth} digits: the model "
              "learned the sums it saw, not the algorithm")
    if args.no_shakespeare:
        return
    # the same problems for the Shakespeare model: it read 38 plays, with no "+" and no "="
    sh_model, sh_tok = shakespeare_model(args.shakespeare)
    sh_accuracies = _print_probe(greedy_completer(sh_model, sh_tok), depths, args.n,
                                 "the Shakespeare model, data/t3_base_model by default",
                                 examples=(1, 2))
    sh_depth = collapse_depth(sh_accuracies, args.threshold)
    if sh_depth == 1:
        print("the Shakespeare model never adds: next-token prediction on the plays taught it "
              "verse, not sums (they hold no '+' and no '=')")
    else:
        print(f"the Shakespeare model's accuracy collapses below {args.threshold:.0%} at "
              f"{sh_depth} digits" if sh_depth else "the Shakespeare model did not collapse")


def _print_probe(complete, depths, n: int, title: str, examples) -> dict[int, float]:
    """Print exact-match accuracy per depth as bars and a sample answer per depth in ``examples``."""
    accuracies = accuracy_by_depth(complete, depths, n, seed=0)
    print(f"digits  exact-match accuracy   ({title})")
    for k, acc in accuracies.items():
        print(f"{k:6d}  {acc:6.1%}  {'#' * round(40 * acc)}")
    for k in examples:
        problem = addition_dataset(k, 1, seed=0)[0]
        prompt = problem.split("=")[0] + "="
        print(f"e.g. {prompt}{complete(prompt).strip()!s:10s} (right: {problem.strip()})")
    return accuracies


if __name__ == "__main__":
    main()

"""What is wrong with a row of SFT labels: the diagnosis behind topic 4's label messages.

Topic 4's checks compare a learner's labels with transformers' assistant mask. A long run of
``-100`` is the same in both, so showing the first 120 characters of each says nothing; this
module finds the positions that differ, names their tokens, and tells which known mistake the
difference looks like, so that a hint follows from what was observed, not from a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

IGNORE = -100
IM_END = "<|im_end|>"
HEADER = "<|im_start|>assistant"

# Each hint is short: a check's whole message (what, where, hint) must fit the 400 characters
# that the results table keeps.
HINTS = {
    "im_end": "only the <|im_end|> closing each assistant turn is unlabelled: it belongs to the "
    "assistant's span, and it is where the model learns to stop",
    "everything": "every token is labelled: only the assistant's content and its <|im_end|> carry "
    "labels, -100 everywhere else",
    "newline_after_end": "the '\\n' after <|im_end|> is labelled: it belongs to the template, not "
    "to the assistant's turn",
    "unmasked": "tokens outside the assistant's turns are labelled (the header, system or user "
    "turns, or the '\\n' after <|im_end|>): label only the assistant's content and its "
    "<|im_end|>",
    "shifted": "the labels are shifted by one: each token's label is its own id (the model shifts "
    "them itself)",
    "straddle": "the header's '\\n' merged with the reply's leading '\\n' into one token; it "
    "overlaps the reply, so it is labelled: label each token that overlaps a span "
    "(start < span end and end > span start), not only those inside it",
    "missing": "assistant tokens are unlabelled: label the content of every assistant turn (not "
    "only the last) and its <|im_end|>",
    "other": "label exactly each assistant turn's content and its <|im_end|>; -100 for system and "
    "user turns, the '<|im_start|>assistant\\n' header and the '\\n' after <|im_end|>; "
    "no shift",
}


def training_hint(diff: LabelDiff) -> str:
    """The hint for labels that reached the model during ``run_sft``: a 'messages' dataset (trl
    then labels every token) only when the labels look like it, else the labelling mistake."""
    if diff.kind in ("everything", "unmasked"):
        return (
            "the model was trained on tokens outside the assistant's turns: give SFTTrainer "
            "the input_ids and labels of tokenize_for_sft (a 'messages' dataset is trained on "
            "every token)"
        )
    return diff.hint + " (fix tokenize_for_sft: run_sft trains on its labels)"


def describe(messages, limit: int = 64) -> str:
    """A conversation in a few characters: "user: 'Hi' / assistant: '\\n\\nSure.\\n'"."""
    text = " / ".join(f"{m['role']}: {m['content']!r:.20}" for m in messages)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class LabelDiff:
    """How ``got`` differs from ``want``: a kind (a key of ``HINTS``), the positions, a text."""

    kind: str
    positions: list[int]
    where: str

    @property
    def hint(self) -> str:
        """The likely mistake, from the pattern of the differences."""
        return HINTS.get(self.kind, HINTS["other"])

    @property
    def only_im_end(self) -> bool:
        """True when the labels differ only at the <|im_end|> tokens."""
        return self.kind == "im_end"


def _token(tokenizer, token_id) -> str:
    return tokenizer.decode([token_id]) if isinstance(token_id, int) else repr(token_id)


def where(ids, want, got, tokenizer, positions, limit: int = 3) -> str:
    """ "at 2 of 171 positions: '<|im_end|>' at 97, 169 (expected 3, got -100)"."""
    groups: dict[tuple, list[int]] = {}
    for i in positions:
        groups.setdefault((_token(tokenizer, ids[i]), want[i], got[i]), []).append(i)
    shown = []
    for (token, w, g), at in list(groups.items())[:limit]:
        spots = ", ".join(map(str, at[:4])) + (", …" if len(at) > 4 else "")
        shown.append(f"{token!r} at {spots} (expected {w}, got {g})")
    more = f"; and {len(groups) - limit} more kinds" if len(groups) > limit else ""
    return f"at {len(positions)} of {len(want)} positions: {'; '.join(shown)}{more}"


def diagnose(ids, want, got, tokenizer) -> LabelDiff:
    """Compare two label rows of the same token ids (``want`` is transformers' mask)."""
    ids, want, got = list(ids), list(want), list(got)
    if len(got) != len(want):
        return LabelDiff("length", [], f"{len(got)} labels for {len(want)} tokens")
    positions = [i for i, (w, g) in enumerate(zip(want, got)) if w != g]
    if not positions:
        return LabelDiff("same", [], "nowhere")

    def token(i):
        return _token(tokenizer, ids[i])

    # tokens that start in the header's '\n' and run into the reply, left unlabelled: what
    # labelling only the tokens wholly inside the assistant's text gives
    straddle = {
        i
        for i in positions
        if got[i] == IGNORE
        and token(i).startswith("\n")
        and len(token(i)) > 1
        and tokenizer.decode(ids[:i]).endswith(HEADER)
    }
    inside = [IGNORE if i in straddle else w for i, w in enumerate(want)]
    rest = [i for i in positions if i not in straddle]
    missing = [i for i in rest if got[i] == IGNORE]
    extra = [i for i in rest if want[i] == IGNORE]
    changed = [i for i in rest if want[i] != IGNORE and got[i] != IGNORE]
    if got == ids:
        kind = "everything"
    elif len(want) > 1 and any(got[:-1] == w[1:] or got[1:] == w[:-1] for w in (want, inside)):
        kind = "shifted"
    elif not rest:
        kind = "straddle"
    elif changed:
        kind = "other"
    elif extra and not missing:
        after_end = all(i > 0 and token(i - 1) == IM_END for i in extra)
        kind = "newline_after_end" if after_end else "unmasked"
    elif missing and not extra:
        kind = "im_end" if all(token(i) == IM_END for i in missing) else "missing"
    else:
        kind = "other"
    return LabelDiff(kind, positions, where(ids, want, got, tokenizer, positions))

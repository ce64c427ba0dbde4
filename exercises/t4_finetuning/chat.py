"""Chat templates and assistant-only labels.

A base model reads one long string of tokens. A chat model reads the same, but the string is
laid out by a **chat template**: every message is wrapped in role markers, and the model is
trained to write only the assistant's part and to close it with an end-of-turn token. This
topic uses ChatML (the layout of Qwen, SmolLM2 and many others)::

    <|im_start|>system
    You answer customer questions.<|im_end|>
    <|im_start|>user
    Where is my order?<|im_end|>
    <|im_start|>assistant
    Happy to help! ...<|im_end|>

``<|im_start|>`` and ``<|im_end|>`` are special tokens of the topic-3 base model (ids 2 and 3)
that it never saw in pretraining: fine-tuning gives them their meaning.
"""

from __future__ import annotations

# Given: ChatML as a Jinja template, the format transformers' ``apply_chat_template`` reads.
# ``{% generation %}`` marks what the assistant writes (its content and its <|im_end|>):
# ``apply_chat_template(..., return_assistant_tokens_mask=True)`` and trl's
# ``assistant_only_loss=True`` use these markers. They do not change the rendered text.
CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' }}"
    "{%- if message['role'] == 'assistant' %}"
    "{% generation %}{{- message['content'] + '<|im_end|>' }}{% endgeneration %}"
    "{{- '\\n' }}"
    "{%- else %}"
    "{{- message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)

IM_START, IM_END = "<|im_start|>", "<|im_end|>"


def render_chat(messages: list[dict], add_generation_prompt: bool = False) -> str:
    """The conversation as one string, laid out by ``CHAT_TEMPLATE`` (written by hand).

    Each message ``{"role": r, "content": c}`` becomes ``<|im_start|>r\\nc<|im_end|>\\n``, in
    order. With ``add_generation_prompt=True`` the string ends with the header of the next
    assistant turn, ``<|im_start|>assistant\\n``: the prompt a chat model continues from.
    The result equals ``tokenizer.apply_chat_template(messages, tokenize=False,
    add_generation_prompt=...)`` with ``tokenizer.chat_template = CHAT_TEMPLATE``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("render_chat — task 1 in exercises/t4_finetuning/README.md")


def tokenize_for_sft(messages: list[dict], tokenizer, max_length: int) -> dict:
    """Token ids and assistant-only labels of one conversation, ready for a causal LM.

    Returns a dict of three lists of ints of the same length:

    - ``input_ids``: the tokens of ``render_chat(messages)`` (no generation prompt, no extra
      special tokens), exactly as ``tokenizer(text, add_special_tokens=False)`` gives them;
    - ``attention_mask``: all ones;
    - ``labels``: the token id where the **assistant** wrote the token (the content of every
      assistant message and the ``<|im_end|>`` that closes it), and ``-100`` everywhere else:
      system and user turns, the ``<|im_start|>role\\n`` headers, the ``\\n`` after each
      ``<|im_end|>``.

    Labels are *not* shifted: the model shifts them itself. Everything is truncated to the
    first ``max_length`` tokens (no padding: the collator pads a batch). Tokenize the whole
    rendered text at once (merges can cross the places where you would cut it), then use the
    tokenizer's character offsets (``return_offsets_mapping=True``) to find the assistant's
    tokens: a token is the assistant's when it **overlaps** the assistant's text, even if it
    starts before it. That happens when a reply starts with a newline: the header's ``\n``
    and the reply's first ``\n`` merge into one token ``\n\n``, which transformers'
    assistant mask labels (a token cannot be half labelled).
    """
    # YOUR CODE HERE
    raise NotImplementedError("tokenize_for_sft — task 2 in exercises/t4_finetuning/README.md")

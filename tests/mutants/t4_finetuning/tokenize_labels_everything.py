"""tokenize_for_sft that trains on every token: system and user turns too"""
MODULE = "chat.py"


def tokenize_for_sft(messages, tokenizer, max_length):
    ids = tokenizer(render_chat(messages), add_special_tokens=False)["input_ids"][:max_length]
    return {"input_ids": ids, "attention_mask": [1] * len(ids), "labels": list(ids)}

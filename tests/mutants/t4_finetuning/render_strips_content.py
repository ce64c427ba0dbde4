"""render_chat that strips whitespace around each message's content"""

MODULE = "chat.py"


def render_chat(messages, add_generation_prompt=False):
    text = "".join(f"<|im_start|>{m['role']}\n{m['content'].strip()}<|im_end|>\n" for m in messages)
    return text + ("<|im_start|>assistant\n" if add_generation_prompt else "")

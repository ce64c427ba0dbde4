"""render_chat without the newline after each <|im_end|>"""

MODULE = "chat.py"


def render_chat(messages, add_generation_prompt=False):
    text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>" for m in messages)
    return text + ("<|im_start|>assistant\n" if add_generation_prompt else "")

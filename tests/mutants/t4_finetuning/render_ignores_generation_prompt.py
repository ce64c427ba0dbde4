"""render_chat that never appends the generation prompt"""

MODULE = "chat.py"


def render_chat(messages, add_generation_prompt=False):
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)

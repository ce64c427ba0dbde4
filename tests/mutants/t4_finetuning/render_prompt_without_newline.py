"""render_chat whose generation prompt lacks the newline after 'assistant'"""

MODULE = "chat.py"


def render_chat(messages, add_generation_prompt=False):
    text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return text + ("<|im_start|>assistant" if add_generation_prompt else "")

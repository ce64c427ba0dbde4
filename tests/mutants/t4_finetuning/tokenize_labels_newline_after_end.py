"""tokenize_for_sft that also labels the newline after the assistant's <|im_end|>"""

MODULE = "chat.py"

REPLACE = [
    (
        '            start = len(text)\n            text += f"{m[\'content\']}{IM_END}"\n            spans.append((start, len(text)))\n            text += "\\n"\n',
        "            start = len(text)\n            text += f\"{m['content']}{IM_END}\\n\"\n            spans.append((start, len(text)))\n",
    ),
]

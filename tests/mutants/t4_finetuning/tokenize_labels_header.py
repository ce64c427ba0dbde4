"""tokenize_for_sft that also labels the '<|im_start|>assistant\\n' header"""

MODULE = "chat.py"

REPLACE = [
    (
        '        text += f"{IM_START}{m[\'role\']}\\n"\n        if m["role"] == "assistant":\n            start = len(text)\n',
        '        start = len(text)\n        text += f"{IM_START}{m[\'role\']}\\n"\n        if m["role"] == "assistant":\n',
    ),
]

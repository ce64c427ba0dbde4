"""tokenize_for_sft that renders the conversation with the generation prompt"""

MODULE = "chat.py"

REPLACE = [
    (
        "encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)",
        'text += f"{IM_START}assistant\\n"\n    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)',
    ),
]

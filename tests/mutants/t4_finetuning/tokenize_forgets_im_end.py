"""tokenize_for_sft that labels the assistant's content but not the <|im_end|> that ends it"""

MODULE = "chat.py"
# every check this fails names the end token, none blames truncation or a 'messages' dataset
MESSAGES = {
    "*": ("<|im_end|>", "!truncat", "!every token"),
    "*test_run_sft_trains_only_on_the_assistant_tokens*": "unlabelled",
    "*test_run_sft_sees_assistant_only_labels*": "unlabelled",
}

REPLACE = [
    (
        "            start = len(text)\n            text += f\"{m['content']}{IM_END}\"\n            spans.append((start, len(text)))\n",
        '            start = len(text)\n            text += m["content"]\n            spans.append((start, len(text)))\n            text += IM_END\n',
    ),
]

"""run_sft that trains on the rendered text as plain language modelling (every token, no mask)"""

MODULE = "sft.py"

REPLACE = [
    (
        'tokenized = dataset.map(lambda row: tokenize_for_sft(row["messages"], tokenizer, max_length),\n                            remove_columns=dataset.column_names)',
        'tokenized = dataset.map(lambda row: {"text": render_chat(row["messages"])},\n                            remove_columns=dataset.column_names)',
    ),
]

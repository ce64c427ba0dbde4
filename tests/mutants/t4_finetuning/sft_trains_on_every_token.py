"""run_sft that hands SFTTrainer the messages as they are: trl then trains on every token, user turns too"""

MODULE = "sft.py"
MESSAGES = {"*test_run_sft_trains_only_on_the_assistant_tokens*": ("'messages' dataset",)}

REPLACE = [
    (
        '    tokenized = dataset.map(lambda row: tokenize_for_sft(row["messages"], tokenizer, max_length),\n                            remove_columns=dataset.column_names)\n',
        "",
    ),
    (
        "train_dataset=tokenized,",
        'train_dataset=dataset.select_columns(["messages"]),',
    ),
]

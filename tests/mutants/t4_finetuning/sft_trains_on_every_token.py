"""run_sft that hands SFTTrainer the messages as they are: trl then trains on every token, user turns too"""
MODULE = "sft.py"
MESSAGES = {"*test_run_sft_trains_only_on_the_assistant_tokens*": ("'messages' dataset",)}

REPLACE = [
    (
        '    tokenized = dataset.map(lambda row: tokenize_for_sft(row["messages"], tokenizer, max_length),\n'
        '                            remove_columns=dataset.column_names)\n',
        '',
    ),
    (
        'bf16=False, activation_checkpointing=False, save_strategy="no",\n'
        '        report_to="none", disable_tqdm=True, dataloader_pin_memory=False,\n'
        '        logging_steps=max(1, max_steps // 10),',
        'use_cpu=True, bf16=False, activation_checkpointing=False, save_strategy="no", report_to="none", disable_tqdm=True,\n'
        '        dataloader_pin_memory=False,',
    ),
    (
        'trainer = SFTTrainer(model=model, args=config, train_dataset=tokenized,',
        'trainer = SFTTrainer(model=model, args=config, train_dataset=dataset.select_columns(["messages"]),',
    ),
]

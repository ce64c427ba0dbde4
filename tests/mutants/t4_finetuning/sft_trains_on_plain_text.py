"""run_sft that trains on the rendered text as plain language modelling (every token, no mask)"""
MODULE = "sft.py"

REPLACE = [
    (
        'tokenized = dataset.map(lambda row: tokenize_for_sft(row["messages"], tokenizer, max_length),\n'
        '                            remove_columns=dataset.column_names)',
        'text = dataset.map(lambda row: {"text": render_chat(row["messages"])},\n'
        '                       remove_columns=dataset.column_names)',
    ),
    (
        'bf16=False, activation_checkpointing=False, save_strategy="no",\n'
        '        report_to="none", disable_tqdm=True, dataloader_pin_memory=False,\n'
        '        logging_steps=max(1, max_steps // 10),',
        'use_cpu=True, bf16=False, activation_checkpointing=False, save_strategy="no", report_to="none", disable_tqdm=True,\n'
        '        dataloader_pin_memory=False,',
    ),
    (
        'trainer = SFTTrainer(model=model, args=config, train_dataset=tokenized,\n'
        '                         processing_class=tokenizer)\n'
        '    trainer.train()',
        'SFTTrainer(model=model, args=config, train_dataset=text, processing_class=tokenizer).train()',
    ),
]

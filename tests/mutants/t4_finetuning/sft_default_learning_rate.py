"""run_sft that forgets to pass learning_rate (trl's default 2e-5 barely moves a tiny model)"""
MODULE = "sft.py"

REPLACE = [
    (
        'output_dir=str(output_dir), max_steps=max_steps, learning_rate=learning_rate,',
        'output_dir=str(output_dir), max_steps=max_steps,',
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
        'SFTTrainer(model=model, args=config, train_dataset=tokenized, processing_class=tokenizer).train()',
    ),
]

"""run_sft that ignores the lora argument and fine-tunes every weight"""
MODULE = "sft.py"

REPLACE = [
    (
        '    if lora is not None:\n'
        '        apply_lora(model, **lora)\n',
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
        'trainer = SFTTrainer(model=model, args=config, train_dataset=tokenized,\n'
        '                         processing_class=tokenizer)\n'
        '    trainer.train()',
        'SFTTrainer(model=model, args=config, train_dataset=tokenized, processing_class=tokenizer).train()',
    ),
]

"""run_sft that ignores the lora argument and fine-tunes every weight"""
MODULE = "sft.py"


def run_sft(model, tokenizer, dataset, output_dir, max_steps, learning_rate, lora=None, *,
            max_length=192, batch_size=8, seed=0):
    from trl import SFTConfig, SFTTrainer

    tokenized = dataset.map(lambda row: tokenize_for_sft(row["messages"], tokenizer, max_length),
                            remove_columns=dataset.column_names)
    config = SFTConfig(
        output_dir=str(output_dir), max_steps=max_steps, learning_rate=learning_rate,
        per_device_train_batch_size=batch_size, max_length=max_length, seed=seed,
        use_cpu=True, bf16=False, activation_checkpointing=False, save_strategy="no", report_to="none", disable_tqdm=True,
        dataloader_pin_memory=False,
    )
    SFTTrainer(model=model, args=config, train_dataset=tokenized, processing_class=tokenizer).train()
    model.eval()
    return model

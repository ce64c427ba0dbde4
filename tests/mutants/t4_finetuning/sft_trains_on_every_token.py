"""run_sft that hands SFTTrainer the messages as they are: trl then trains on every token, user turns too"""
MODULE = "sft.py"
MESSAGES = {"*test_run_sft_trains_only_on_the_assistant_tokens*": ("'messages' dataset",)}


def run_sft(model, tokenizer, dataset, output_dir, max_steps, learning_rate, lora=None, *,
            max_length=192, batch_size=8, seed=0):
    from trl import SFTConfig, SFTTrainer

    if lora is not None:
        apply_lora(model, **lora)
    config = SFTConfig(
        output_dir=str(output_dir), max_steps=max_steps, learning_rate=learning_rate,
        per_device_train_batch_size=batch_size, max_length=max_length, seed=seed,
        use_cpu=True, bf16=False, activation_checkpointing=False, save_strategy="no", report_to="none", disable_tqdm=True,
        dataloader_pin_memory=False,
    )
    trainer = SFTTrainer(model=model, args=config, train_dataset=dataset.select_columns(["messages"]),
                         processing_class=tokenizer)
    trainer.train()
    model.eval()
    return model

"""reward model trained with the chosen and rejected replies swapped"""

MODULE = "train.py"


def train_reward_model(
    model, tokenizer, pairs, output_dir, max_steps, learning_rate=1e-3, batch_size=8, seed=0
):
    from trl import RewardConfig, RewardTrainer

    swapped = [{**p, "chosen": p["rejected"], "rejected": p["chosen"]} for p in pairs]
    args = RewardConfig(
        output_dir=str(output_dir),
        max_steps=max_steps,
        learning_rate=learning_rate,
        per_device_train_batch_size=batch_size,
        seed=seed,
        **CPU_SETTINGS,
    )  # noqa: F821
    trainer = RewardTrainer(
        model=model,
        args=args,
        train_dataset=preference_dataset(swapped),  # noqa: F821
        processing_class=tokenizer,
    )
    trainer.train()
    return trainer

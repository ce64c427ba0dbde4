"""reward model trained in bf16 mixed precision (trl's default, with use_cpu=True to make it run)"""

MODULE = "train.py"
MESSAGES = {"*test_train_reward_model_runs_trl_with_your_settings*": ("float32", "bf16=False")}


def train_reward_model(
    model, tokenizer, pairs, output_dir, max_steps, learning_rate=1e-3, batch_size=8, seed=0
):
    from trl import RewardConfig, RewardTrainer

    args = RewardConfig(
        output_dir=str(output_dir),
        max_steps=max_steps,
        learning_rate=learning_rate,
        per_device_train_batch_size=batch_size,
        seed=seed,
        **{**CPU_SETTINGS, "use_cpu": True, "bf16": True},
    )  # noqa: F821
    trainer = RewardTrainer(
        model=model,
        args=args,
        train_dataset=preference_dataset(pairs),  # noqa: F821
        processing_class=tokenizer,
    )
    trainer.train()
    return trainer

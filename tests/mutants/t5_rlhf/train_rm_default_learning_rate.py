"""reward model trained at trl's default learning rate (the argument is ignored)"""
MODULE = "train.py"


def train_reward_model(model, tokenizer, pairs, output_dir, max_steps, learning_rate=1e-3,
                       batch_size=8, seed=0):
    from trl import RewardConfig, RewardTrainer

    args = RewardConfig(output_dir=str(output_dir), max_steps=max_steps,
                        per_device_train_batch_size=batch_size, seed=seed, **CPU_SETTINGS)  # noqa: F821
    trainer = RewardTrainer(model=model, args=args, train_dataset=preference_dataset(pairs),  # noqa: F821
                            processing_class=tokenizer)
    trainer.train()
    return trainer

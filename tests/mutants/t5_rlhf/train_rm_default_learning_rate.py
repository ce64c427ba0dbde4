"""reward model trained at trl's default learning rate (the argument is ignored)"""

MODULE = "train.py"

REPLACE = [
    (
        "learning_rate=learning_rate, per_device_train_batch_size=batch_size,\n"
        "                        seed=seed, **CPU_SETTINGS)\n"
        "    trainer = RewardTrainer(model=model, args=args, train_dataset=preference_dataset(pairs),",
        "per_device_train_batch_size=batch_size, seed=seed, **CPU_SETTINGS)  # noqa: F821\n"
        "    trainer = RewardTrainer(model=model, args=args, train_dataset=preference_dataset(pairs),  # noqa: F821",
    ),
]

"""DPO that trains a deep copy and leaves the caller's policy untouched"""

MODULE = "train.py"

import copy


def run_dpo(
    policy,
    tokenizer,
    pairs,
    output_dir,
    max_steps,
    learning_rate=1e-3,
    beta=0.1,
    batch_size=8,
    seed=0,
):
    from trl import DPOConfig, DPOTrainer

    args = DPOConfig(
        output_dir=str(output_dir),
        max_steps=max_steps,
        learning_rate=learning_rate,
        beta=beta,
        per_device_train_batch_size=batch_size,
        seed=seed,
        **CPU_SETTINGS,
    )  # noqa: F821
    trainer = DPOTrainer(
        model=copy.deepcopy(policy),
        ref_model=policy,
        args=args,
        train_dataset=preference_dataset(pairs),
        processing_class=tokenizer,
    )  # noqa: F821
    trainer.train()
    return trainer

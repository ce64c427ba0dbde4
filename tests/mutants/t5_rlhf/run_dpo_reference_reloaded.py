"""DPO without an explicit reference: trl reloads one from the checkpoint path (the base model)"""

MODULE = "train.py"
MESSAGES = {
    "test_train.py::test_run_dpo_runs_with_a_reference_copy": (
        "ref_model=copy.deepcopy(policy)",
        "!KeyError",
    )
}


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
        model=policy,
        args=args,
        train_dataset=preference_dataset(pairs),  # noqa: F821
        processing_class=tokenizer,
    )
    trainer.train()
    return trainer

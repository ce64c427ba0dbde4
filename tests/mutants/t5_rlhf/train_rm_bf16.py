"""reward model trained in bf16 mixed precision (trl's default, with use_cpu=True to make it run)"""

MODULE = "train.py"
MESSAGES = {"*test_train_reward_model_runs_trl_with_your_settings*": ("float32", "bf16=False")}

REPLACE = [
    (
        "seed=seed, **CPU_SETTINGS)\n    trainer = RewardTrainer",
        'seed=seed, **{**CPU_SETTINGS, "use_cpu": True, "bf16": True})\n    trainer = RewardTrainer',
    ),
]

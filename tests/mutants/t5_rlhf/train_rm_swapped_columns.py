"""reward model trained with the chosen and rejected replies swapped"""

MODULE = "train.py"

REPLACE = [
    (
        "trainer = RewardTrainer(model=model, args=args, train_dataset=preference_dataset(pairs),",
        'swapped = [{**p, "chosen": p["rejected"], "rejected": p["chosen"]} for p in pairs]\n    trainer = RewardTrainer(model=model, args=args, train_dataset=preference_dataset(swapped),',
    ),
]

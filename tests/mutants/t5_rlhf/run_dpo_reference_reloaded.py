"""DPO without an explicit reference: trl reloads one from the checkpoint path (the base model)"""

MODULE = "train.py"
MESSAGES = {
    "test_train.py::test_run_dpo_runs_with_a_reference_copy": (
        "ref_model=copy.deepcopy(policy)",
        "!KeyError",
    )
}

REPLACE = [
    (
        "DPOTrainer(model=policy, ref_model=copy.deepcopy(policy), args=args,",
        "DPOTrainer(model=policy, args=args,",
    ),
]

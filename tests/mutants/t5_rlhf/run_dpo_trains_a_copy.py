"""DPO that trains a deep copy and leaves the caller's policy untouched"""

MODULE = "train.py"

REPLACE = [
    (
        "DPOTrainer(model=policy, ref_model=copy.deepcopy(policy), args=args,",
        "DPOTrainer(model=copy.deepcopy(policy), ref_model=policy, args=args,",
    ),
]

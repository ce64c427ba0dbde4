"""backbone called without the attention mask: real tokens attend to left padding"""

MODULE = "reward.py"

import torch


class RewardModel:
    def forward(self, input_ids, attention_mask):
        hidden = self.backbone(input_ids=input_ids).last_hidden_state
        last = last_token_index(attention_mask)  # noqa: F821 (the module's own function)
        return self.head(hidden[torch.arange(hidden.shape[0]), last]).squeeze(-1)

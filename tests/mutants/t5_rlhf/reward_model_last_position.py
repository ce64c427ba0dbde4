"""reward from the last position whatever the padding"""

MODULE = "reward.py"


class RewardModel:
    def forward(self, input_ids, attention_mask):
        hidden = self.backbone(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(hidden[:, -1]).squeeze(-1)

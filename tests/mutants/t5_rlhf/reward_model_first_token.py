"""reward from the first token (BERT's [CLS] habit), which in a causal model has read nothing"""

MODULE = "reward.py"


class RewardModel:
    def forward(self, input_ids, attention_mask):
        hidden = self.backbone(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(hidden[:, 0]).squeeze(-1)

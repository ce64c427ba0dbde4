"""Write the topic-5 data: support-desk questions and rated pairs of replies.

    python data/t5_make_data.py

The scenario: the support desk of Kestrel Home, an invented maker of smart lamps and cameras.
Every reply is assembled from parts along three signals that human raters care about:

- **tone**: polite, neutral or rude (an opening and a closing phrase);
- **content**: answers with the true fact, deflects ("I am not able to answer that"), or
  answers with an invented fact (a confident, wrong value);
- **length**: concise, or rambling (two filler sentences with nothing in them).

Files (deterministic: a fixed seed, a fixed order):

- ``t5_questions.jsonl``: one row per question: ``id``, ``phrasings`` (three ways to ask it;
  the first two are used for training, the third only in the held-out split), ``fact`` (the
  true answer sentence), ``key`` (the phrase that shows the fact is there), ``invented``
  (wrong answer sentences) and ``invented_keys``.
- ``t5_preferences.jsonl``: one row per rated pair: ``id``, ``split`` ("train" or "heldout"),
  ``question_id``, ``prompt`` (the customer's question), ``chosen``, ``rejected`` (replies,
  plain text), ``chosen_parts`` / ``rejected_parts`` (tone, content, length) and ``reason``
  (which signal decided, or ``"tie: longer"``).

How the raters decide: the reply with the higher judge score (``t5_rlhf/judge.py``: tone +1 / 0 /
-1, content +1 / 0 / -1, rambling -1) wins. When both score the same, the raters pick the
**longer** reply: a bias that real human raters show too, planted here on purpose so that the
reward model's length bias can be measured (slides and README of topic 5).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 5
TRAIN_PAIRS_PER_QUESTION = 20
HELDOUT_PAIRS_PER_QUESTION = 6
TIE_SHARE = 0.15  # share of pairs drawn among equally good replies (decided by length)

# (id, phrasings, fact, key, [(invented sentence, invented key), ...])
QUESTIONS = [
    (
        "delivery",
        [
            "How long does delivery take?",
            "When will my order arrive?",
            "How many days until my parcel comes?",
        ],
        "Delivery takes 3 to 5 days.",
        "3 to 5 days",
        [("Delivery takes 2 months.", "2 months"), ("Delivery takes one hour.", "one hour")],
    ),
    (
        "returns",
        [
            "Can I return a product?",
            "How long do I have to send something back?",
            "What is the return window?",
        ],
        "You can return it within 30 days.",
        "30 days",
        [
            ("You can return it within 2 days.", "2 days"),
            ("Returns are never possible.", "never possible"),
        ],
    ),
    (
        "warranty",
        [
            "How long is the warranty?",
            "How many years of warranty do I get?",
            "Is my lamp still under warranty after a year?",
        ],
        "The warranty lasts two years.",
        "two years",
        [("The warranty lasts ten years.", "ten years"), ("There is no warranty.", "no warranty")],
    ),
    (
        "shipping_cost",
        ["Is shipping free?", "How much does shipping cost?", "Do I pay for delivery?"],
        "Shipping is free over 50 euros.",
        "50 euros",
        [
            ("Shipping always costs 99 euros.", "99 euros"),
            ("Shipping is free for everything.", "free for everything"),
        ],
    ),
    (
        "hours",
        [
            "When is your support open?",
            "What are your opening hours?",
            "Can I call you on a Sunday?",
        ],
        "Support is open 9 to 5 on weekdays.",
        "9 to 5",
        [
            ("Support is open all night.", "all night"),
            ("Support is open on Sundays only.", "Sundays only"),
        ],
    ),
    (
        "reset",
        [
            "How do I reset my lamp?",
            "My lamp is stuck, how do I restart it?",
            "What is the way to reset the device?",
        ],
        "Hold the button for 10 seconds.",
        "10 seconds",
        [("Hold the button for 2 minutes.", "2 minutes"), ("Put the lamp in water.", "in water")],
    ),
    (
        "battery",
        [
            "How long does the battery last?",
            "How many hours does a charge last?",
            "Is the battery good for a whole evening?",
        ],
        "The battery lasts about 8 hours.",
        "8 hours",
        [
            ("The battery lasts about 3 weeks.", "3 weeks"),
            ("The battery lasts 20 minutes.", "20 minutes"),
        ],
    ),
    (
        "app",
        [
            "Which app do I need?",
            "What app controls the lamp?",
            "Is there a phone app for the camera?",
        ],
        "Use the free Kestrel app.",
        "Kestrel app",
        [("Use the Falcon app.", "Falcon app"), ("There is no app at all.", "no app")],
    ),
    (
        "password",
        ["I forgot my password.", "How do I get a new password?", "I cannot log in to my account."],
        "Tap Forgot password on the login page.",
        "Forgot password",
        [
            ("Send us your old password by mail.", "old password"),
            ("Passwords can never be changed.", "never be changed"),
        ],
    ),
    (
        "payment",
        [
            "Which payment methods do you accept?",
            "Can I pay by card?",
            "How can I pay for my order?",
        ],
        "We accept card and bank transfer.",
        "card and bank transfer",
        [("We only accept cash.", "only accept cash"), ("We accept gold coins.", "gold coins")],
    ),
    (
        "cancel",
        [
            "Can I cancel my order?",
            "I want to cancel what I bought.",
            "Is it too late to cancel my order?",
        ],
        "You can cancel before it ships.",
        "before it ships",
        [
            ("Orders can never be cancelled.", "never be cancelled"),
            ("You can cancel for a year.", "for a year"),
        ],
    ),
    (
        "abroad",
        [
            "Do you ship abroad?",
            "Can you send a lamp to Spain?",
            "Do you deliver to other countries?",
        ],
        "We ship to all EU countries.",
        "EU countries",
        [
            ("We ship only to Iceland.", "only to Iceland"),
            ("We ship to every planet.", "every planet"),
        ],
    ),
    (
        "tracking",
        ["Where is my parcel?", "How can I track my order?", "Can I see where my package is?"],
        "Use the tracking link in your email.",
        "tracking link",
        [
            ("Parcels cannot be tracked.", "cannot be tracked"),
            ("Ask the driver by letter.", "by letter"),
        ],
    ),
    (
        "refund",
        [
            "When do I get my refund?",
            "How long does a refund take?",
            "When will I see my money again?",
        ],
        "Refunds take 5 business days.",
        "5 business days",
        [("Refunds take a year.", "a year"), ("We never give refunds.", "never give refunds")],
    ),
    (
        "wifi",
        [
            "Does the camera need wifi?",
            "Can the camera work without internet?",
            "What network does the camera use?",
        ],
        "It needs 2.4 GHz wifi.",
        "2.4 GHz",
        [
            ("It works on radio waves.", "radio waves"),
            ("It needs a cable to the moon.", "to the moon"),
        ],
    ),
    (
        "outdoor",
        [
            "Can I use the lamp outside?",
            "Is the lamp waterproof?",
            "Can the lamp stay in the garden?",
        ],
        "Only the Outdoor model is waterproof.",
        "Outdoor model",
        [
            ("Every lamp is waterproof.", "Every lamp"),
            ("Lamps work best under water.", "under water"),
        ],
    ),
    (
        "student",
        [
            "Do you have a student discount?",
            "Are there discounts for students?",
            "I am a student, do I pay less?",
        ],
        "Students get 10 percent off.",
        "10 percent",
        [("Students get 90 percent off.", "90 percent"), ("Students pay double.", "pay double")],
    ),
    (
        "gift_card",
        [
            "Do gift cards expire?",
            "How long is a gift card valid?",
            "Can I still use an old gift card?",
        ],
        "Gift cards are valid for 3 years.",
        "3 years",
        [
            ("Gift cards expire after one day.", "one day"),
            ("Gift cards are valid forever.", "forever"),
        ],
    ),
    (
        "address",
        [
            "How do I change my address?",
            "I moved, where do I update my address?",
            "Can I change the delivery address?",
        ],
        "Edit it under Account settings.",
        "Account settings",
        [("Call the post office.", "post office"), ("Addresses can never change.", "never change")],
    ),
    (
        "spare_parts",
        [
            "Can I buy spare parts?",
            "Where do I get a new lamp shade?",
            "Do you sell replacement parts?",
        ],
        "Spare parts are in our online shop.",
        "online shop",
        [
            ("We do not sell parts.", "do not sell parts"),
            ("Parts are sold only in Tokyo.", "only in Tokyo"),
        ],
    ),
]

POLITE_OPEN = [
    "Thanks for asking!",
    "Happy to help.",
    "Good question!",
    "Thank you for your message.",
    "Glad you asked.",
]
POLITE_CLOSE = ["Have a nice day.", "Hope this helps.", "Thanks for your patience.", ""]
RUDE_OPEN = ["Ugh, again?", "Obviously.", "Read the manual.", "Not my problem.", "Seriously?"]
RUDE_CLOSE = ["Stop asking.", "Figure it out.", "Whatever.", ""]
DEFLECT = [
    "I am not able to answer that.",
    "That is not something I know.",
    "I cannot say.",
    "You will have to find out.",
]
FILLER = [
    "As you may know, we think about many things every day.",
    "Our company has a long and very interesting history.",
    "Many customers ask many different questions about many things.",
    "There are lots of things one could say about this topic.",
    "We always try to do our best in every possible way.",
]

TONES = ("polite", "neutral", "rude")
CONTENTS = ("answer", "deflect", "invent")
LENGTHS = ("concise", "rambling")
TONE_SCORE = {"polite": 1, "neutral": 0, "rude": -1}
CONTENT_SCORE = {"answer": 1, "deflect": 0, "invent": -1}
LENGTH_SCORE = {"concise": 0, "rambling": -1}


def score(parts: tuple[str, str, str]) -> int:
    """The raters' score of a reply made of these parts (what the judge measures)."""
    tone, content, length = parts
    return TONE_SCORE[tone] + CONTENT_SCORE[content] + LENGTH_SCORE[length]


def reply(rng: random.Random, question, parts) -> str:
    _, _, fact, _, invented = question
    tone, content, length = parts
    body = {"answer": fact, "invent": rng.choice(invented)[0], "deflect": rng.choice(DEFLECT)}[
        content
    ]
    sentences = [body]
    if length == "rambling":
        sentences = rng.sample(FILLER, 2) + sentences
    if tone == "polite":
        sentences = [rng.choice(POLITE_OPEN)] + sentences + [rng.choice(POLITE_CLOSE)]
    elif tone == "rude":
        sentences = [rng.choice(RUDE_OPEN)] + sentences + [rng.choice(RUDE_CLOSE)]
    return " ".join(s for s in sentences if s)


ALL_PARTS = [(t, c, n) for t in TONES for c in CONTENTS for n in LENGTHS]
SIGNALS = ("tone", "content", "length")


def draw_pair(rng: random.Random):
    """Two part-combinations: either equally scored (a tie) or differing in score."""
    if rng.random() < TIE_SHARE:
        while True:
            a, b = rng.sample(ALL_PARTS, 2)
            if score(a) == score(b) and a[2] != b[2]:  # a tie the raters break by length
                return a, b
    if rng.random() < 0.5:  # differ in one signal only: the cleanest lesson
        a = list(rng.choice(ALL_PARTS))
        b = list(a)
        i = rng.randrange(3)
        b[i] = rng.choice([v for v in (TONES, CONTENTS, LENGTHS)[i] if v != a[i]])
        return tuple(a), tuple(b)
    while True:
        a, b = rng.sample(ALL_PARTS, 2)
        if score(a) != score(b):
            return a, b


def pairs_for(rng: random.Random, question, phrasings, n, split, start):
    rows = []
    for k in range(n):
        a, b = draw_pair(rng)
        text_a, text_b = reply(rng, question, a), reply(rng, question, b)
        if score(a) != score(b):
            chosen, rejected = (a, text_a), (b, text_b)
            if score(b) > score(a):
                chosen, rejected = rejected, chosen
            reason = ",".join(s for s, x, y in zip(SIGNALS, chosen[0], rejected[0]) if x != y)
        else:
            chosen, rejected = sorted([(a, text_a), (b, text_b)], key=lambda p: -len(p[1]))
            reason = "tie: longer"
        rows.append(
            {
                "id": f"{split}-{start + k:04d}",
                "split": split,
                "question_id": question[0],
                "prompt": phrasings[k % len(phrasings)],
                "chosen": chosen[1],
                "rejected": rejected[1],
                "chosen_parts": list(chosen[0]),
                "rejected_parts": list(rejected[0]),
                "reason": reason,
            }
        )
    return rows


def main() -> None:
    rng = random.Random(SEED)
    questions = [
        {
            "id": q[0],
            "phrasings": q[1],
            "fact": q[2],
            "key": q[3],
            "invented": [s for s, _ in q[4]],
            "invented_keys": [k for _, k in q[4]],
        }
        for q in QUESTIONS
    ]
    train, heldout = [], []
    for q in QUESTIONS:
        train += pairs_for(rng, q, q[1][:2], TRAIN_PAIRS_PER_QUESTION, "train", len(train))
    for q in QUESTIONS:
        heldout += pairs_for(rng, q, q[1][2:], HELDOUT_PAIRS_PER_QUESTION, "heldout", len(heldout))
    rng.shuffle(train)
    with (HERE / "t5_questions.jsonl").open("w", encoding="utf-8") as f:
        for row in questions:
            f.write(json.dumps(row) + "\n")
    with (HERE / "t5_preferences.jsonl").open("w", encoding="utf-8") as f:
        for row in train + heldout:
            f.write(json.dumps(row) + "\n")
    ties = sum(r["reason"] == "tie: longer" for r in train + heldout)
    print(
        f"{len(questions)} questions, {len(train)} training pairs, {len(heldout)} held-out pairs "
        f"({ties} ties decided by length)"
    )


if __name__ == "__main__":
    main()

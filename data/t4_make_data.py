"""Write the topic-4 data: a support-desk instruction set for supervised fine-tuning.

    python data/t4_make_data.py

The support desk of Kestrel Home (the invented smart-home company of topic 6; e-mail addresses
use the reserved ``.example`` domain). Every conversation is in the ``messages`` form that chat
templates and trl read: a list of ``{"role": ..., "content": ...}`` with roles ``system``
(optional), ``user`` and ``assistant``; some conversations have two exchanges.

The assistant always answers in one house style that a 1M-parameter model can pick up from a
few hundred examples: the opener ``Happy to help!``, one short sentence of answer, and the
closer ``Have a nice day!``; then the turn ends (``<|im_end|>`` once templated).

Two files, exactly what this script writes (seeded, deterministic):

- ``data/t4_sft_train.jsonl`` — the training split;
- ``data/t4_sft_heldout.jsonl`` — held-out conversations: questions worded in ways that never
  appear in training (the last ``HELDOUT_PHRASINGS`` wordings of every intent).

Rows: ``id``, ``intent``, ``messages``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPENER = "Happy to help!"
CLOSER = "Have a nice day!"
HELDOUT_PHRASINGS = 2
SEED = 0

SYSTEM_PROMPTS = [
    "You are the Kestrel Home support assistant. Answer briefly and politely.",
    "You answer customer questions for Kestrel Home.",
    "You are a friendly support agent for Kestrel Home smart-home devices.",
    None,  # no system message
]

# intent: (answer sentence, user wordings; the last HELDOUT_PHRASINGS are held out)
INTENTS = {
    "reset_password": (
        "Open the app, tap Sign in, then Forgot password, and follow the link we e-mail you.",
        [
            "How do I reset my password?",
            "I forgot my password.",
            "I can't remember my password, what now?",
            "Password reset please.",
            "How can I change a password I forgot?",
            "My password is lost, help.",
            "Where do I reset the password of my account?",
            "I need a new password for the app.",
        ],
    ),
    "return_item": (
        "You can return any product within 30 days, and the return label is free.",
        [
            "Can I return my thermostat?",
            "How do I return a product?",
            "What is your return policy?",
            "I want to send my order back.",
            "Can I get my money back for a device?",
            "How long do I have to return something?",
            "Is it possible to return an opened box?",
            "I would like to return the camera I bought.",
        ],
    ),
    "shipping_time": (
        "Standard delivery takes 3 to 5 business days, and express takes 1 to 2.",
        [
            "How long does delivery take?",
            "When will my order arrive?",
            "How fast is shipping?",
            "What are your delivery times?",
            "How many days until my parcel comes?",
            "Do you ship quickly?",
            "When should I expect the package?",
            "How long is the wait for delivery?",
        ],
    ),
    "warranty": (
        "Every device has a two-year warranty from the delivery date.",
        [
            "How long is the warranty?",
            "Is my device under warranty?",
            "What warranty do you give?",
            "Does the plug have a guarantee?",
            "How many years of warranty do I get?",
            "What does the warranty cover in time?",
            "Is there a guarantee on the camera?",
            "Tell me about the warranty period.",
        ],
    ),
    "track_order": (
        "Open your order page and tap Track parcel to see where it is.",
        [
            "Where is my order?",
            "How can I track my parcel?",
            "Can I follow my delivery?",
            "Track my package please.",
            "Where can I see my shipment?",
            "Is my order on its way?",
            "How do I find out where my parcel is?",
            "I want to check the status of my order.",
        ],
    ),
    "cancel_order": (
        "You can cancel an order from the order page until it leaves the warehouse.",
        [
            "How do I cancel my order?",
            "I want to cancel a purchase.",
            "Can I stop my order?",
            "Please cancel what I ordered.",
            "Is it too late to cancel?",
            "I changed my mind about my order.",
            "How can I undo an order I placed?",
            "Cancel my order, please.",
        ],
    ),
    "wifi_setup": (
        "Hold the button for five seconds, then add the device in the app over 2.4 GHz Wi-Fi.",
        [
            "How do I connect the plug to Wi-Fi?",
            "My device will not join my network.",
            "How do I set up Wi-Fi on the camera?",
            "The thermostat can't find my Wi-Fi.",
            "How do I pair a new device?",
            "Setting up the wireless connection fails.",
            "Which Wi-Fi does the device need?",
            "How do I get my sensor online?",
        ],
    ),
    "device_offline": (
        "Unplug the device for ten seconds, plug it back in, and check your router.",
        [
            "My camera shows offline.",
            "The plug stopped responding.",
            "Why is my device offline?",
            "The app says my thermostat is unreachable.",
            "My sensor lost its connection.",
            "The device does not answer any more.",
            "My doorbell went offline last night.",
            "Nothing happens when I use the app.",
        ],
    ),
    "firmware_update": (
        "Updates install by themselves at night; you can also start one in the device settings.",
        [
            "How do I update the firmware?",
            "Is there a software update for my device?",
            "How do I get the latest version?",
            "Does the camera update itself?",
            "Where can I install updates?",
            "How do I upgrade the thermostat software?",
            "My plug needs new firmware.",
            "When do updates happen?",
        ],
    ),
    "battery": (
        "The battery lasts about six months, and the app warns you when it runs low.",
        [
            "How long does the battery last?",
            "When should I change the battery?",
            "The sensor battery is low.",
            "What battery life can I expect?",
            "How often do I replace batteries?",
            "My doorbell battery drains fast.",
            "How do I know the battery is empty?",
            "Is the battery good for a year?",
        ],
    ),
    "change_address": (
        "You can change the delivery address on the order page before it ships.",
        [
            "How do I change my delivery address?",
            "I moved, can I update my address?",
            "Can I send my order to another address?",
            "The address on my order is wrong.",
            "How do I fix my shipping address?",
            "Please change where my parcel goes.",
            "I typed the wrong street.",
            "Can the delivery go to my office instead?",
        ],
    ),
    "invoice": (
        "Your invoice is on the order page; tap Download invoice to get the PDF.",
        [
            "Where is my invoice?",
            "Can I get a receipt?",
            "How do I download the bill?",
            "I need an invoice for my company.",
            "Send me the invoice, please.",
            "Where do I find my receipt?",
            "How can I get a copy of the bill?",
            "I lost my invoice.",
        ],
    ),
    "opening_hours": (
        "Our support team is here from 8:00 to 20:00, Monday to Saturday.",
        [
            "When are you open?",
            "What are your support hours?",
            "Can I call you on Sunday?",
            "When can I reach a person?",
            "At what time does support close?",
            "Are you available in the evening?",
            "What time do you start in the morning?",
            "When is the help desk open?",
        ],
    ),
    "contact": (
        "Write to support@kestrelhome.example and we answer within one business day.",
        [
            "How can I contact you?",
            "What is your e-mail address?",
            "How do I reach support?",
            "I want to talk to someone.",
            "Where do I send a complaint?",
            "How do I get in touch?",
            "Can I write to your team?",
            "Who do I contact about a problem?",
        ],
    ),
    "account_delete": (
        "Go to Settings, then Account, then Delete account, and we erase your data in 30 days.",
        [
            "How do I delete my account?",
            "Please remove my data.",
            "I want to close my account.",
            "How can I erase my profile?",
            "Can you delete everything about me?",
            "How do I stop using the service for good?",
            "Remove my account, please.",
            "I want my personal data deleted.",
        ],
    ),
}


def reply(intent: str) -> str:
    return f"{OPENER} {INTENTS[intent][0]} {CLOSER}"


def conversation(
    rng: random.Random, intent: str, wording: str, intents_pool, wordings_of
) -> list[dict]:
    messages = []
    system = rng.choice(SYSTEM_PROMPTS)
    if system is not None:
        messages.append({"role": "system", "content": system})
    if rng.random() < 0.25:  # a first exchange, then the question of the row
        other = rng.choice([i for i in intents_pool if i != intent])
        messages.append({"role": "user", "content": rng.choice(wordings_of(other))})
        messages.append({"role": "assistant", "content": reply(other)})
    messages.append({"role": "user", "content": wording})
    messages.append({"role": "assistant", "content": reply(intent)})
    return messages


def build() -> tuple[list[dict], list[dict]]:
    rng = random.Random(SEED)
    intents = list(INTENTS)

    def train_wordings(i):
        return INTENTS[i][1][:-HELDOUT_PHRASINGS]

    train, heldout = [], []
    for intent in intents:
        for wording in train_wordings(intent):
            for _copy in range(
                3
            ):  # three conversations per training wording (other system prompts)
                train.append(
                    {
                        "intent": intent,
                        "messages": conversation(rng, intent, wording, intents, train_wordings),
                    }
                )
        for wording in INTENTS[intent][1][-HELDOUT_PHRASINGS:]:
            for _copy in range(2):
                heldout.append(
                    {
                        "intent": intent,
                        "messages": conversation(rng, intent, wording, intents, train_wordings),
                    }
                )
    rng.shuffle(train)
    rng.shuffle(heldout)
    for prefix, rows in (("train", train), ("heldout", heldout)):
        for k, row in enumerate(rows):
            row["id"] = f"{prefix}-{k:03d}"
    return (
        [{"id": r["id"], "intent": r["intent"], "messages": r["messages"]} for r in train],
        [{"id": r["id"], "intent": r["intent"], "messages": r["messages"]} for r in heldout],
    )


def write(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    train, heldout = build()
    write(train, HERE / "t4_sft_train.jsonl")
    write(heldout, HERE / "t4_sft_heldout.jsonl")
    print(f"{len(train)} training and {len(heldout)} held-out conversations")


if __name__ == "__main__":
    main()

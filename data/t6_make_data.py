"""Write the topic-6 data: a fictional company's knowledge base and a labelled question set.

    python data/t6_make_data.py

Kestrel Home is an invented maker of smart-home devices (any resemblance to a real company is
accidental; e-mail addresses use the reserved ``.example`` domain). The script is the source:
data/t6_knowledge_base.jsonl and data/t6_questions.jsonl are exactly what it writes
(deterministic: no randomness, fixed order).

Knowledge base rows: ``id``, ``title``, ``category`` (policy / product / troubleshooting),
``date`` (ISO, when the document was last updated), ``text``. Some documents are near-duplicates
(the same facts written twice) and some are outdated versions of a policy that a newer
document replaces: the question set's gold documents are the current ones.

Question rows: ``id``, ``question``, ``type``, ``gold_doc_ids`` (the documents that answer
it; empty for unanswerable questions), ``answer`` (short gold answer, or "" when
unanswerable), ``split`` ("visible" for the learner's tests, "hidden" for the hidden checks).
Types: ``lookup`` (worded like the document), ``paraphrase`` (other words), ``versioned``
(an older document disagrees; the gold is the newest), ``multi_hop`` (needs two documents),
``unanswerable`` (the knowledge base does not say).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (id, category, date, title, text)
DOCS = [
    # ------------------------------------------------------------------ policies
    (
        "policy-returns-2022",
        "policy",
        "2022-01-10",
        "Return policy (2022)",
        "You can return any Kestrel Home product within 14 days of delivery. Products must be "
        "unused and in their original packaging. Return shipping is paid by the customer.",
    ),
    (
        "policy-returns-2024",
        "policy",
        "2024-02-01",
        "Return policy",
        "You can return any Kestrel Home product within 30 days of delivery, even if it has been "
        "opened or installed. Return shipping is free: print the prepaid label from your order "
        "page. This policy replaces the 2022 return policy.",
    ),
    (
        "policy-warranty-2021",
        "policy",
        "2021-06-01",
        "Warranty terms (2021)",
        "All Kestrel Home devices come with a one-year limited warranty covering manufacturing "
        "defects. The warranty does not cover accidental damage or water damage.",
    ),
    (
        "policy-warranty-2024",
        "policy",
        "2024-01-15",
        "Warranty terms",
        "All Kestrel Home devices come with a two-year limited warranty covering manufacturing "
        "defects, starting on the delivery date. Kestrel Care+ extends the warranty to four years. "
        "Accidental damage is only covered by Kestrel Care+.",
    ),
    (
        "policy-warranty-claim",
        "policy",
        "2024-01-15",
        "How to make a warranty claim",
        "To make a warranty claim, open the Kestrel app, choose the device, then Help > Warranty "
        "claim. You need the serial number printed on the device label and your proof of purchase. "
        "We answer every claim within 3 business days and send a replacement device, not a refund.",
    ),
    (
        "policy-shipping",
        "policy",
        "2024-03-01",
        "Shipping",
        "Standard shipping is free for orders over 50 euros and costs 4.90 euros otherwise. "
        "Standard delivery takes 3 to 5 business days. Express delivery takes 1 to 2 business "
        "days and costs 9.90 euros. Orders placed before 14:00 on a business day leave our "
        "warehouse the same day.",
    ),
    (
        "faq-shipping",
        "policy",
        "2023-11-20",
        "FAQ: how long does delivery take?",
        "How long does delivery take? Standard delivery takes 3 to 5 business days and is free "
        "for orders over 50 euros. Need it sooner? Express delivery arrives in 1 to 2 business "
        "days for 9.90 euros.",
    ),
    (
        "policy-international-shipping",
        "policy",
        "2024-03-01",
        "International shipping",
        "We ship to all countries of the European Union, the United Kingdom, Switzerland and "
        "Norway. Orders to the United Kingdom, Switzerland and Norway may be charged import "
        "duties and customs fees by the carrier; these are paid by the customer. We do not ship "
        "outside Europe.",
    ),
    (
        "policy-refunds",
        "policy",
        "2024-02-01",
        "Refunds",
        "Once your return reaches our warehouse we inspect it and refund the full price to the "
        "original payment method within 10 business days. Shipping costs of the original order "
        "are refunded if you return the whole order.",
    ),
    (
        "policy-price-match",
        "policy",
        "2023-09-01",
        "Price match promise",
        "If you find a lower price for the same Kestrel Home product at an authorised retailer "
        "within 14 days of your purchase, contact support and we refund the difference. Price "
        "matching does not apply to marketplace sellers, auctions or Black Friday deals.",
    ),
    (
        "policy-care-plus-2022",
        "policy",
        "2022-04-01",
        "Kestrel Care+ (2022)",
        "Kestrel Care+ costs 3.99 euros per month per home. It covers accidental damage with one "
        "claim per year.",
    ),
    (
        "policy-care-plus",
        "policy",
        "2024-04-01",
        "Kestrel Care+",
        "Kestrel Care+ costs 4.99 euros per month per home and covers every Kestrel device in "
        "that home. It includes accidental damage protection with up to two claims per year, an "
        "extended warranty of four years and priority phone support. The 2022 terms no longer "
        "apply.",
    ),
    (
        "policy-cancel-subscription",
        "policy",
        "2024-04-01",
        "Cancelling Kestrel Care+",
        "You can cancel Kestrel Care+ at any time in the Kestrel app under Settings > "
        "Subscription > Cancel. The plan stays active until the end of the current billing "
        "period; we do not refund partial months.",
    ),
    (
        "policy-privacy",
        "policy",
        "2024-05-01",
        "Privacy and your data",
        "Kestrel Home stores account and device data on servers in Frankfurt, Germany, inside "
        "the European Union. We never sell personal data. Voice commands are processed by your "
        "voice assistant provider; Kestrel does not store voice recordings. Device history is "
        "kept for 12 months and then deleted.",
    ),
    (
        "policy-account-deletion",
        "policy",
        "2024-05-01",
        "Deleting your account",
        "To delete your account, go to Settings > Account > Delete account in the Kestrel app, "
        "or write to privacy@kestrelhome.example. We delete your personal data within 30 days. "
        "Devices must be reset before they can be added to another account.",
    ),
    (
        "policy-student-discount",
        "policy",
        "2023-08-15",
        "Student discount",
        "Students get 15 percent off one order per year. Verify your status with a university "
        "e-mail address at checkout. The discount cannot be combined with other promotions.",
    ),
    (
        "policy-trade-in",
        "policy",
        "2024-06-01",
        "Thermostat trade-in",
        "Trade in any old thermostat when you buy a Hearth thermostat and receive a 25 euro "
        "credit. Send the old thermostat back in the Hearth box within 30 days with the prepaid "
        "trade-in label.",
    ),
    (
        "policy-damaged-delivery",
        "policy",
        "2023-05-10",
        "Damaged or missing items",
        "If a parcel arrives damaged or an item is missing, report it within 48 hours of "
        "delivery with photos of the box and the contents. We send a replacement free of charge.",
    ),
    (
        "policy-order-changes",
        "policy",
        "2023-05-10",
        "Changing or cancelling an order",
        "You can change the address or cancel an order within 1 hour of placing it, from the "
        "order page. After that the order is already being packed; refuse the delivery or "
        "return it instead.",
    ),
    (
        "policy-payment-methods",
        "policy",
        "2024-03-01",
        "Payment methods",
        "We accept Visa, Mastercard, American Express, PayPal and Apple Pay. Klarna invoice is "
        "available in Germany and the Netherlands. We do not offer cash on delivery.",
    ),
    (
        "policy-gift-cards",
        "policy",
        "2023-10-01",
        "Gift cards",
        "Kestrel gift cards are valid for 3 years from the date of purchase and can be used for "
        "any product or for Kestrel Care+. Gift cards cannot be exchanged for cash.",
    ),
    (
        "policy-support-hours-2021",
        "policy",
        "2021-03-01",
        "Customer support hours (2021)",
        "Our support team is available Monday to Friday from 9:00 to 17:00 CET by e-mail only.",
    ),
    (
        "policy-support-hours",
        "policy",
        "2024-02-15",
        "Customer support hours and contact",
        "Our support team is available Monday to Friday from 8:00 to 20:00 CET and on Saturday "
        "from 9:00 to 14:00 CET. Reach us by chat in the Kestrel app, by e-mail at "
        "support@kestrelhome.example or by phone on +49 30 5550 1234. Kestrel Care+ members have "
        "a priority phone line.",
    ),
    (
        "policy-repairs",
        "policy",
        "2023-07-01",
        "Out-of-warranty repairs",
        "Devices out of warranty can be repaired for a flat fee of 39 euros plus parts. Repairs "
        "take about 10 business days. Start a repair request in the app under Help > Repair.",
    ),
    (
        "policy-recycling",
        "policy",
        "2023-04-22",
        "Recycling old devices",
        "We take back any old Kestrel device for recycling free of charge. Request a prepaid "
        "recycling label in the app under Help > Recycle. Remove batteries first and recycle "
        "them separately.",
    ),
    (
        "policy-business-orders",
        "policy",
        "2024-01-05",
        "Business and bulk orders",
        "Businesses ordering 10 or more units get an 8 percent discount and can pay by invoice "
        "within 30 days. Contact business@kestrelhome.example for a quote.",
    ),
    # ------------------------------------------------------------------ products
    (
        "product-lumo-lamp",
        "product",
        "2023-03-01",
        "Lumo Lamp",
        "The Lumo Lamp is a smart table lamp with 800 lumens, colour temperature from 2700 K to "
        "6500 K and 16 million colours. It uses 9 watts at full brightness and connects over "
        "2.4 GHz Wi-Fi. It works without the Kestrel Hub.",
    ),
    (
        "catalogue-lumo-lamp",
        "product",
        "2023-01-10",
        "Catalogue: Lumo Lamp smart table lamp",
        "Lumo Lamp smart table lamp: 800 lumens, 2700 to 6500 K white light, 16 million colours, "
        "9 W. Wi-Fi 2.4 GHz. No hub required. Price 59 euros.",
    ),
    (
        "product-lumo-lamp-2",
        "product",
        "2024-09-01",
        "Lumo Lamp 2",
        "Lumo Lamp 2 is the successor of the Lumo Lamp. It gives 1100 lumens, supports Matter "
        "over Thread as well as Wi-Fi, and works with Apple Home through Matter. It supports WPA3 "
        "Wi-Fi. Price 79 euros.",
    ),
    (
        "product-aero-300",
        "product",
        "2023-06-01",
        "Aero 300 air purifier",
        "The Aero 300 air purifier cleans rooms up to 40 square metres. It uses an H13 HEPA "
        "filter that lasts about 12 months. In night mode it runs at 24 dB and dims its lights.",
    ),
    (
        "product-aero-500",
        "product",
        "2024-02-01",
        "Aero 500 air purifier",
        "The Aero 500 air purifier cleans rooms up to 70 square metres. It has a PM2.5 sensor, "
        "three fan speeds and an auto mode that adjusts the speed to the air quality. The H13 "
        "filter lasts about 12 months.",
    ),
    (
        "product-aero-filter",
        "product",
        "2024-02-01",
        "Replacement filters for Aero purifiers",
        "The KF-13 replacement filter fits both the Aero 300 and the Aero 500 and costs 29 euros. "
        "The filter indicator on the purifier turns red when the filter should be replaced.",
    ),
    (
        "product-hearth-thermostat",
        "product",
        "2023-09-01",
        "Hearth smart thermostat",
        "The Hearth smart thermostat works with 24 V heating systems, gas boilers and heat pumps. "
        "It needs a C-wire (common wire) or the Hearth power adapter. It learns your schedule and "
        "can turn the heating down when everyone has left home (geofencing).",
    ),
    (
        "product-hearth-sensors",
        "product",
        "2023-09-01",
        "Hearth room sensors",
        "Hearth room sensors measure temperature and occupancy in other rooms so the thermostat "
        "can heat the room you are in. A thermostat supports up to 6 sensors. Each sensor runs "
        "on a CR2032 coin battery that lasts about one year.",
    ),
    (
        "product-energy-report",
        "product",
        "2024-01-01",
        "Monthly energy report",
        "Every month the Kestrel app shows an energy report for the Hearth thermostat: hours of "
        "heating, a comparison with the previous month and tips to save energy. Find it under "
        "Home > Energy.",
    ),
    (
        "product-latch-one",
        "product",
        "2023-11-01",
        "Latch One smart lock",
        "Latch One is a smart lock with a keypad. It runs on 4 AA batteries that last about 8 "
        "months. You can create up to 20 personal access codes of 6 digits, and it can lock "
        "itself automatically after 30 seconds (auto-lock).",
    ),
    (
        "product-latch-guest-codes",
        "product",
        "2023-11-01",
        "Guest codes for Latch One",
        "Guest codes are temporary access codes for the Latch One lock. Set a start and an end "
        "time in the app under Lock > Guests; the code stops working after the end time. A lock "
        "holds up to 10 guest codes.",
    ),
    (
        "product-kestrel-hub",
        "product",
        "2024-01-10",
        "Kestrel Hub",
        "The Kestrel Hub connects Zigbee and Thread devices to your home network. It supports up "
        "to 64 devices, has an Ethernet port and runs automations locally, so they keep working "
        "when the internet is down. Remote access from outside the home needs internet.",
    ),
    (
        "product-kestrel-app",
        "product",
        "2024-03-10",
        "Kestrel app",
        "The Kestrel app runs on iOS 15 or later and Android 10 or later. Use it to set up "
        "devices, create scenes and schedules, and share your home with up to 8 members.",
    ),
    (
        "product-voice-assistants",
        "product",
        "2024-09-01",
        "Voice assistants",
        "All Kestrel devices work with Amazon Alexa and Google Assistant. Apple Siri works "
        "through Apple Home only with Matter devices, which today means the Lumo Lamp 2 and "
        "devices connected through the Kestrel Hub.",
    ),
    (
        "product-starter-kit",
        "product",
        "2024-03-01",
        "Starter kit",
        "The Kestrel starter kit contains a Kestrel Hub and two Lumo Lamp 2 lamps for 169 euros, "
        "which saves 38 euros compared with buying them separately.",
    ),
    (
        "product-latch-finishes",
        "product",
        "2023-11-01",
        "Latch One finishes and doors",
        "Latch One comes in black, silver and brass. It fits doors from 35 to 80 millimetres "
        "thick and most European profile cylinders.",
    ),
    # ------------------------------------------------------------------ troubleshooting
    (
        "ts-lumo-pairing",
        "troubleshooting",
        "2023-05-01",
        "Lumo Lamp does not pair",
        "If the Lumo Lamp does not pair, check that your phone is on a 2.4 GHz Wi-Fi network and "
        "stay within 10 metres of the lamp. The lamp is ready to pair when it blinks blue. If it "
        "still fails, reset the lamp and try again.",
    ),
    (
        "ts-lumo-reset",
        "troubleshooting",
        "2023-05-01",
        "Factory reset of the Lumo Lamp",
        "To reset the Lumo Lamp, switch it off and on five times in a row. The lamp blinks orange "
        "three times when the reset is done, then blinks blue, ready to pair.",
    ),
    (
        "ts-lumo-reset-app",
        "troubleshooting",
        "2024-02-01",
        "Resetting a Lumo Lamp from the app",
        "Remove the lamp in the Kestrel app under Device > Settings > Remove device. Then switch "
        "the lamp off and on five times; it blinks orange to confirm the reset.",
    ),
    (
        "ts-lumo-flicker",
        "troubleshooting",
        "2023-05-01",
        "Lumo Lamp flickers",
        "Flickering usually comes from a dimmer switch on the same circuit: Lumo lamps need a "
        "normal on/off switch. If there is no dimmer, update the lamp's firmware in the app.",
    ),
    (
        "ts-aero-errors",
        "troubleshooting",
        "2023-06-01",
        "Aero error codes",
        "Aero error E1 means the filter is not seated correctly: reopen the cover and push the "
        "filter in until it clicks. E2 means the fan is blocked. E3 is a sensor fault: unplug "
        "the purifier for one minute; if E3 comes back, contact support.",
    ),
    (
        "ts-aero-noise",
        "troubleshooting",
        "2023-06-01",
        "Aero purifier is noisy",
        "A new Aero purifier is loud when the plastic wrapping is still on the filter: remove "
        "it. For quiet operation at night use night mode.",
    ),
    (
        "ts-aero-filter-reset",
        "troubleshooting",
        "2024-02-01",
        "Resetting the filter indicator",
        "After fitting a new filter, hold the filter button for 5 seconds until the indicator "
        "turns white. The purifier then starts counting the 12 months again.",
    ),
    (
        "ts-aero-air-quality",
        "troubleshooting",
        "2024-02-01",
        "Air quality colours",
        "The light ring of the Aero 500 shows the air quality: blue is good, yellow is moderate "
        "and red is poor. In auto mode the fan speeds up when the ring turns yellow or red.",
    ),
    (
        "ts-hearth-offline",
        "troubleshooting",
        "2023-10-01",
        "Hearth thermostat is offline",
        "If the Hearth thermostat shows as offline, check that your router broadcasts a 2.4 GHz "
        "network. Restart the thermostat by taking it off the wall plate for 10 seconds. The "
        "heating schedule keeps running while it is offline.",
    ),
    (
        "ts-hearth-wiring",
        "troubleshooting",
        "2023-10-01",
        "Hearth error H7",
        "Error H7 means the thermostat does not get enough power: there is no common wire "
        "(C-wire). Connect the C-wire or install the Hearth power adapter.",
    ),
    (
        "ts-hearth-calibration",
        "troubleshooting",
        "2024-01-20",
        "Hearth shows the wrong temperature",
        "If the thermostat reads one or two degrees too high, for example because it hangs in "
        "the sun, set a temperature offset in the app under Settings > Calibration.",
    ),
    (
        "ts-latch-jam",
        "troubleshooting",
        "2023-11-15",
        "Latch One error J2",
        "Error J2 means the bolt is jammed. Check that the door is closed and aligned with the "
        "frame, then lock again. If the bolt scrapes, adjust the strike plate.",
    ),
    (
        "ts-latch-battery-2022",
        "troubleshooting",
        "2022-09-01",
        "Latch One batteries (2022)",
        "The lock warns you when the batteries are down to 10 percent. Replace all four "
        "batteries at once.",
    ),
    (
        "ts-latch-battery",
        "troubleshooting",
        "2024-03-01",
        "Latch One batteries",
        "Since firmware 2.0 the lock warns you in the app when the batteries are down to 20 "
        "percent. If the batteries are empty, hold a 9 V battery against the emergency terminal "
        "under the keypad and enter your code. Replace all four AA batteries at once.",
    ),
    (
        "ts-hub-led",
        "troubleshooting",
        "2024-01-10",
        "Kestrel Hub light",
        "The Hub light is green when everything is fine, yellow while it installs an update and "
        "red when it has no internet connection. If it stays red, check the Ethernet cable and "
        "restart the router.",
    ),
    (
        "ts-hub-reset",
        "troubleshooting",
        "2024-01-10",
        "Resetting the Kestrel Hub",
        "To reset the Hub, press the pinhole button on the back for 10 seconds until the light "
        "flashes white. All devices must then be added again.",
    ),
    (
        "ts-app-login",
        "troubleshooting",
        "2024-03-10",
        "Cannot log in to the app",
        "Use Forgot password on the login screen: the reset link in the e-mail is valid for 24 "
        "hours. If you turned on two-factor authentication and lost your phone, use one of your "
        "backup codes.",
    ),
    (
        "ts-app-notifications",
        "troubleshooting",
        "2024-03-10",
        "No notifications from the app",
        "If notifications do not arrive, allow notifications for the Kestrel app in your phone "
        "settings and turn off battery saver for the app.",
    ),
    (
        "ts-firmware",
        "troubleshooting",
        "2024-03-10",
        "Firmware updates",
        "Devices update their firmware automatically at night between 2:00 and 4:00 local time. "
        "To update now, open the device in the app and choose Settings > Firmware > Update.",
    ),
    (
        "ts-matter-setup",
        "troubleshooting",
        "2024-09-01",
        "Setting up with Matter",
        "To add a Matter device such as the Lumo Lamp 2 to another app, use the 11-digit Matter "
        "pairing code or the QR code on the device label and in the box.",
    ),
    (
        "ts-wifi-requirements",
        "troubleshooting",
        "2024-09-01",
        "Wi-Fi requirements",
        "Kestrel Wi-Fi devices need a 2.4 GHz network with WPA2. Only the Lumo Lamp 2 and the "
        "Kestrel Hub also support WPA3. Networks with a login page (captive portal), as in "
        "hotels, are not supported.",
    ),
    (
        "ts-geofencing",
        "troubleshooting",
        "2023-10-01",
        "Geofencing does not work",
        "Geofencing needs location access set to Always for the Kestrel app. Every member of "
        "the home who should count needs the app on their phone.",
    ),
    (
        "ts-order-tracking",
        "troubleshooting",
        "2024-03-01",
        "Tracking your order",
        "We send a tracking number by e-mail when your order leaves the warehouse. Parcels are "
        "delivered by DHL; tracking information can take up to 24 hours to appear.",
    ),
    (
        "ts-refund-delay",
        "troubleshooting",
        "2024-02-01",
        "Refund has not arrived",
        "After we issue a refund, your bank can take up to 5 more business days to show it. If "
        "it has not arrived after that, contact support with your order number.",
    ),
    (
        "ts-power-outage",
        "troubleshooting",
        "2023-12-01",
        "After a power cut",
        "After a power cut, Kestrel devices reconnect on their own. The Hearth thermostat keeps "
        "its schedule, and the Latch One lock runs on batteries, so the keypad keeps working "
        "during the outage.",
    ),
]

# (type, question, gold document ids, short answer)
QUESTIONS = [
    # returns / refunds
    (
        "versioned",
        "How many days do I have to return a product?",
        ["policy-returns-2024"],
        "30 days",
    ),
    (
        "versioned",
        "Can I still send back a lamp I bought three weeks ago?",
        ["policy-returns-2024"],
        "yes, within 30 days",
    ),
    ("versioned", "Who pays for return shipping?", ["policy-returns-2024"], "it is free"),
    (
        "paraphrase",
        "Can I send something back after I have already unpacked and set it up?",
        ["policy-returns-2024"],
        "yes",
    ),
    (
        "lookup",
        "Where do I get the prepaid return label?",
        ["policy-returns-2024"],
        "from your order page",
    ),
    (
        "lookup",
        "How long does it take to refund my return?",
        ["policy-refunds"],
        "within 10 business days",
    ),
    (
        "paraphrase",
        "When will I see my money again after sending an item back?",
        ["policy-refunds"],
        "within 10 business days",
    ),
    (
        "lookup",
        "Are the shipping costs of the original order refunded?",
        ["policy-refunds"],
        "if you return the whole order",
    ),
    (
        "multi_hop",
        "I returned my order, the refund was issued but my bank shows nothing yet; how long in total can it take?",
        ["policy-refunds", "ts-refund-delay"],
        "10 business days plus up to 5 more",
    ),
    (
        "lookup",
        "My refund has not arrived, how long can the bank take?",
        ["ts-refund-delay"],
        "up to 5 business days",
    ),
    # warranty
    (
        "versioned",
        "How long is the warranty on Kestrel devices?",
        ["policy-warranty-2024"],
        "two years",
    ),
    (
        "versioned",
        "Is accidental damage covered by the standard warranty?",
        ["policy-warranty-2024"],
        "no, only by Kestrel Care+",
    ),
    (
        "paraphrase",
        "My purifier broke after 18 months by itself, is that still under guarantee?",
        ["policy-warranty-2024"],
        "yes, the warranty lasts two years",
    ),
    ("lookup", "When does the warranty start?", ["policy-warranty-2024"], "on the delivery date"),
    (
        "lookup",
        "What do I need to make a warranty claim?",
        ["policy-warranty-claim"],
        "serial number and proof of purchase",
    ),
    (
        "paraphrase",
        "Where do I find the serial number for a guarantee request?",
        ["policy-warranty-claim"],
        "on the device label",
    ),
    (
        "lookup",
        "How fast do you answer a warranty claim?",
        ["policy-warranty-claim"],
        "within 3 business days",
    ),
    (
        "paraphrase",
        "Will a faulty device under guarantee get me my money back?",
        ["policy-warranty-claim"],
        "no, a replacement device",
    ),
    (
        "multi_hop",
        "With Care+ how many years is my warranty, and how much does Care+ cost per month?",
        ["policy-care-plus"],
        "four years, 4.99 euros",
    ),
    (
        "lookup",
        "How much does an out-of-warranty repair cost?",
        ["policy-repairs"],
        "39 euros plus parts",
    ),
    (
        "paraphrase",
        "My lock is four years old and broken, what will fixing it cost?",
        ["policy-repairs"],
        "39 euros plus parts",
    ),
    ("lookup", "How long do repairs take?", ["policy-repairs"], "about 10 business days"),
    # shipping
    (
        "lookup",
        "How much does standard shipping cost?",
        ["policy-shipping"],
        "4.90 euros, free over 50 euros",
    ),
    (
        "lookup",
        "How long does standard delivery take?",
        ["policy-shipping", "faq-shipping"],
        "3 to 5 business days",
    ),
    (
        "paraphrase",
        "If I order today, when will the parcel reach me with the normal option?",
        ["policy-shipping", "faq-shipping"],
        "3 to 5 business days",
    ),
    (
        "lookup",
        "How much does express delivery cost?",
        ["policy-shipping", "faq-shipping"],
        "9.90 euros",
    ),
    (
        "paraphrase",
        "I need it fast, what is the quickest option and how long does it take?",
        ["policy-shipping", "faq-shipping"],
        "express, 1 to 2 business days",
    ),
    (
        "lookup",
        "Until what time must I order for same-day dispatch?",
        ["policy-shipping"],
        "before 14:00 on a business day",
    ),
    (
        "paraphrase",
        "From which order value is delivery free?",
        ["policy-shipping", "faq-shipping"],
        "over 50 euros",
    ),
    ("lookup", "Do you ship to Norway?", ["policy-international-shipping"], "yes"),
    (
        "paraphrase",
        "Can I have a thermostat delivered to Canada?",
        ["policy-international-shipping"],
        "no, only within Europe",
    ),
    (
        "lookup",
        "Who pays customs fees for orders to the United Kingdom?",
        ["policy-international-shipping"],
        "the customer",
    ),
    ("lookup", "Which carrier delivers Kestrel parcels?", ["ts-order-tracking"], "DHL"),
    (
        "paraphrase",
        "I got no tracking number yet, when is it sent?",
        ["ts-order-tracking"],
        "when the order leaves the warehouse",
    ),
    (
        "lookup",
        "How long until tracking information appears?",
        ["ts-order-tracking"],
        "up to 24 hours",
    ),
    (
        "lookup",
        "What should I do if my parcel arrives damaged?",
        ["policy-damaged-delivery"],
        "report it within 48 hours with photos",
    ),
    (
        "paraphrase",
        "One item was not in the box, what now?",
        ["policy-damaged-delivery"],
        "report it within 48 hours with photos",
    ),
    (
        "lookup",
        "How long can I cancel an order after placing it?",
        ["policy-order-changes"],
        "1 hour",
    ),
    (
        "paraphrase",
        "I typed the wrong street on my order an hour and a half ago, can I still fix it online?",
        ["policy-order-changes"],
        "no, only within 1 hour",
    ),
    # prices / payments / discounts
    (
        "lookup",
        "Which payment methods do you accept?",
        ["policy-payment-methods"],
        "Visa, Mastercard, American Express, PayPal and Apple Pay",
    ),
    ("lookup", "Can I pay cash on delivery?", ["policy-payment-methods"], "no"),
    (
        "paraphrase",
        "Can I buy now and pay later by invoice in Germany?",
        ["policy-payment-methods"],
        "yes, Klarna invoice",
    ),
    ("lookup", "How long is a gift card valid?", ["policy-gift-cards"], "3 years"),
    ("paraphrase", "Can I swap a voucher for money?", ["policy-gift-cards"], "no"),
    ("lookup", "How big is the student discount?", ["policy-student-discount"], "15 percent"),
    (
        "paraphrase",
        "I'm at university, do I get anything off?",
        ["policy-student-discount"],
        "15 percent off one order per year",
    ),
    (
        "lookup",
        "What is the price match promise?",
        ["policy-price-match"],
        "we refund the difference within 14 days",
    ),
    (
        "paraphrase",
        "I saw the same lamp cheaper at a shop last week, can I get the difference back?",
        ["policy-price-match"],
        "yes, within 14 days at an authorised retailer",
    ),
    ("lookup", "Does price matching apply to Black Friday deals?", ["policy-price-match"], "no"),
    (
        "lookup",
        "How much credit do I get when I trade in my old thermostat?",
        ["policy-trade-in"],
        "25 euros",
    ),
    (
        "lookup",
        "What discount do businesses get for bulk orders?",
        ["policy-business-orders"],
        "8 percent for 10 or more units",
    ),
    (
        "paraphrase",
        "Our office wants twelve lamps, is there a deal and can we pay later?",
        ["policy-business-orders"],
        "8 percent off, invoice within 30 days",
    ),
    # Care+
    (
        "versioned",
        "How much does Kestrel Care+ cost?",
        ["policy-care-plus"],
        "4.99 euros per month",
    ),
    (
        "versioned",
        "How many accidental damage claims does Care+ include per year?",
        ["policy-care-plus"],
        "two",
    ),
    (
        "paraphrase",
        "Does the protection plan cover me if I drop my lamp?",
        ["policy-care-plus"],
        "yes, accidental damage",
    ),
    (
        "lookup",
        "How do I cancel Kestrel Care+?",
        ["policy-cancel-subscription"],
        "Settings > Subscription > Cancel",
    ),
    (
        "paraphrase",
        "If I stop the protection plan mid-month, do I get money back for the rest of the month?",
        ["policy-cancel-subscription"],
        "no",
    ),
    (
        "multi_hop",
        "Can I use a gift card to pay for Care+, and what does Care+ cost per month?",
        ["policy-gift-cards", "policy-care-plus"],
        "yes, 4.99 euros per month",
    ),
    # support
    (
        "versioned",
        "What are your support hours on weekdays?",
        ["policy-support-hours"],
        "8:00 to 20:00 CET",
    ),
    (
        "versioned",
        "Is support open on Saturday?",
        ["policy-support-hours"],
        "yes, 9:00 to 14:00 CET",
    ),
    ("lookup", "What is the support phone number?", ["policy-support-hours"], "+49 30 5550 1234"),
    (
        "paraphrase",
        "How can I talk to a human at Kestrel?",
        ["policy-support-hours"],
        "chat, e-mail or phone",
    ),
    (
        "multi_hop",
        "Is there a faster phone line and what does the plan that gives it cost?",
        ["policy-support-hours", "policy-care-plus"],
        "Care+ priority line, 4.99 euros per month",
    ),
    # privacy
    ("lookup", "Where is my data stored?", ["policy-privacy"], "in Frankfurt, Germany"),
    (
        "paraphrase",
        "Does Kestrel keep recordings of what I say to Alexa?",
        ["policy-privacy"],
        "no",
    ),
    ("lookup", "How long is device history kept?", ["policy-privacy"], "12 months"),
    (
        "lookup",
        "How do I delete my account?",
        ["policy-account-deletion"],
        "Settings > Account > Delete account",
    ),
    (
        "paraphrase",
        "How long until all my personal information is erased after I close my account?",
        ["policy-account-deletion"],
        "within 30 days",
    ),
    (
        "multi_hop",
        "I am selling my hub to a friend; what must I do so it works on their account, and how?",
        ["policy-account-deletion", "ts-hub-reset"],
        "reset it: press the pinhole button for 10 seconds",
    ),
    (
        "lookup",
        "How do I recycle an old device?",
        ["policy-recycling"],
        "request a prepaid recycling label in the app",
    ),
    # lumo
    (
        "lookup",
        "How bright is the Lumo Lamp?",
        ["product-lumo-lamp", "catalogue-lumo-lamp"],
        "800 lumens",
    ),
    ("lookup", "How bright is the Lumo Lamp 2?", ["product-lumo-lamp-2"], "1100 lumens"),
    (
        "paraphrase",
        "How much power does the original table lamp draw?",
        ["product-lumo-lamp", "catalogue-lumo-lamp"],
        "9 watts",
    ),
    (
        "lookup",
        "Does the Lumo Lamp need the Kestrel Hub?",
        ["product-lumo-lamp", "catalogue-lumo-lamp"],
        "no",
    ),
    (
        "lookup",
        "What colour temperatures does the Lumo Lamp support?",
        ["product-lumo-lamp", "catalogue-lumo-lamp"],
        "2700 K to 6500 K",
    ),
    ("lookup", "How much does the Lumo Lamp 2 cost?", ["product-lumo-lamp-2"], "79 euros"),
    (
        "multi_hop",
        "How much brighter is the Lumo Lamp 2 than the first Lumo Lamp?",
        ["product-lumo-lamp-2", "product-lumo-lamp"],
        "300 lumens",
    ),
    (
        "lookup",
        "Why does my Lumo Lamp not pair?",
        ["ts-lumo-pairing"],
        "use 2.4 GHz Wi-Fi and stay within 10 metres",
    ),
    (
        "paraphrase",
        "The app can't find my new light, what should I check?",
        ["ts-lumo-pairing"],
        "2.4 GHz Wi-Fi, within 10 metres",
    ),
    (
        "lookup",
        "How do I factory reset the Lumo Lamp?",
        ["ts-lumo-reset", "ts-lumo-reset-app"],
        "switch it off and on five times",
    ),
    (
        "paraphrase",
        "How do I wipe the settings of my light so I can set it up from scratch?",
        ["ts-lumo-reset", "ts-lumo-reset-app"],
        "switch it off and on five times",
    ),
    (
        "lookup",
        "What colour does the lamp blink after a reset?",
        ["ts-lumo-reset", "ts-lumo-reset-app"],
        "orange",
    ),
    (
        "lookup",
        "Why does my Lumo Lamp flicker?",
        ["ts-lumo-flicker"],
        "a dimmer switch on the circuit",
    ),
    (
        "paraphrase",
        "The light keeps flashing on and off irregularly when it is on, what causes it?",
        ["ts-lumo-flicker"],
        "a dimmer switch",
    ),
    (
        "lookup",
        "What is in the starter kit?",
        ["product-starter-kit"],
        "a Kestrel Hub and two Lumo Lamp 2 lamps",
    ),
    (
        "multi_hop",
        "How much does the starter kit cost, and how bright is each lamp in it?",
        ["product-starter-kit", "product-lumo-lamp-2"],
        "169 euros, 1100 lumens",
    ),
    # aero
    (
        "lookup",
        "How large a room can the Aero 300 clean?",
        ["product-aero-300"],
        "up to 40 square metres",
    ),
    (
        "lookup",
        "How large a room can the Aero 500 clean?",
        ["product-aero-500"],
        "up to 70 square metres",
    ),
    (
        "paraphrase",
        "Which purifier should I buy for a 60 m2 living room?",
        ["product-aero-500"],
        "the Aero 500",
    ),
    ("lookup", "How loud is the Aero 300 in night mode?", ["product-aero-300"], "24 dB"),
    (
        "lookup",
        "How often should I replace the purifier filter?",
        ["product-aero-300", "product-aero-500"],
        "about every 12 months",
    ),
    ("lookup", "How much does a replacement filter cost?", ["product-aero-filter"], "29 euros"),
    (
        "paraphrase",
        "How do I know it is time for a new filter?",
        ["product-aero-filter"],
        "the filter indicator turns red",
    ),
    (
        "lookup",
        "What does error E1 mean on the Aero?",
        ["ts-aero-errors"],
        "the filter is not seated correctly",
    ),
    (
        "lookup",
        "What should I do about error E3?",
        ["ts-aero-errors"],
        "unplug the purifier for one minute",
    ),
    (
        "paraphrase",
        "My new purifier is really loud, why?",
        ["ts-aero-noise"],
        "the plastic wrapping is still on the filter",
    ),
    (
        "lookup",
        "How do I reset the filter indicator?",
        ["ts-aero-filter-reset"],
        "hold the filter button for 5 seconds",
    ),
    (
        "multi_hop",
        "I fitted a new KF-13 filter: what did it cost and how do I reset the indicator?",
        ["product-aero-filter", "ts-aero-filter-reset"],
        "29 euros, hold the filter button 5 seconds",
    ),
    (
        "lookup",
        "What does a yellow light ring on the Aero 500 mean?",
        ["ts-aero-air-quality"],
        "moderate air quality",
    ),
    # hearth
    (
        "lookup",
        "Does the Hearth thermostat work with heat pumps?",
        ["product-hearth-thermostat"],
        "yes",
    ),
    ("lookup", "What does error H7 mean?", ["ts-hearth-wiring"], "no common wire power"),
    (
        "paraphrase",
        "My thermostat keeps losing power, what is missing?",
        ["ts-hearth-wiring", "product-hearth-thermostat"],
        "a C-wire or the power adapter",
    ),
    (
        "lookup",
        "How many room sensors can one thermostat use?",
        ["product-hearth-sensors"],
        "up to 6",
    ),
    (
        "lookup",
        "What battery do the Hearth room sensors use?",
        ["product-hearth-sensors"],
        "a CR2032 coin battery",
    ),
    (
        "lookup",
        "How do I restart the thermostat when it is offline?",
        ["ts-hearth-offline"],
        "take it off the wall plate for 10 seconds",
    ),
    (
        "paraphrase",
        "Does the heating still follow its plan if the thermostat loses Wi-Fi?",
        ["ts-hearth-offline"],
        "yes",
    ),
    (
        "lookup",
        "The thermostat shows the wrong temperature, how do I fix it?",
        ["ts-hearth-calibration"],
        "set a temperature offset under Settings > Calibration",
    ),
    ("lookup", "Where is the monthly energy report?", ["product-energy-report"], "Home > Energy"),
    (
        "paraphrase",
        "Geofencing does not turn my heating down when we leave, why?",
        ["ts-geofencing"],
        "location access must be Always",
    ),
    # latch
    (
        "lookup",
        "How long do the Latch One batteries last?",
        ["product-latch-one"],
        "about 8 months",
    ),
    (
        "lookup",
        "How many access codes can the Latch One store?",
        ["product-latch-one"],
        "20 personal codes",
    ),
    (
        "versioned",
        "At what battery level does the lock warn me?",
        ["ts-latch-battery"],
        "20 percent",
    ),
    (
        "paraphrase",
        "The batteries in my door lock are dead and I am locked out, what can I do?",
        ["ts-latch-battery"],
        "hold a 9 V battery against the emergency terminal",
    ),
    ("lookup", "What does error J2 mean on the lock?", ["ts-latch-jam"], "the bolt is jammed"),
    (
        "lookup",
        "How do I give a guest temporary access?",
        ["product-latch-guest-codes"],
        "create a guest code under Lock > Guests",
    ),
    ("lookup", "How many guest codes can one lock hold?", ["product-latch-guest-codes"], "10"),
    (
        "lookup",
        "How thick can a door be for the Latch One?",
        ["product-latch-finishes"],
        "35 to 80 millimetres",
    ),
    (
        "paraphrase",
        "Does the keypad still open the door during a blackout?",
        ["ts-power-outage"],
        "yes",
    ),
    # hub / app
    ("lookup", "How many devices can the Kestrel Hub handle?", ["product-kestrel-hub"], "up to 64"),
    (
        "paraphrase",
        "Do my automations still run when the internet is down?",
        ["product-kestrel-hub"],
        "yes, they run locally on the hub",
    ),
    ("lookup", "What does a red light on the hub mean?", ["ts-hub-led"], "no internet connection"),
    (
        "lookup",
        "How do I reset the Kestrel Hub?",
        ["ts-hub-reset"],
        "press the pinhole button for 10 seconds",
    ),
    (
        "lookup",
        "Which phones does the Kestrel app support?",
        ["product-kestrel-app"],
        "iOS 15 or later and Android 10 or later",
    ),
    (
        "lookup",
        "How many people can I share my home with in the app?",
        ["product-kestrel-app"],
        "up to 8 members",
    ),
    ("lookup", "How long is the password reset link valid?", ["ts-app-login"], "24 hours"),
    (
        "paraphrase",
        "I'm not getting any alerts on my phone, what should I change?",
        ["ts-app-notifications"],
        "allow notifications and turn off battery saver",
    ),
    (
        "lookup",
        "When do devices install firmware updates?",
        ["ts-firmware"],
        "at night between 2:00 and 4:00",
    ),
    (
        "lookup",
        "Does Siri work with Kestrel devices?",
        ["product-voice-assistants"],
        "only Matter devices through Apple Home",
    ),
    (
        "multi_hop",
        "Can I control my Lumo Lamp 2 with Siri, and where is the code I need to add it to Apple Home?",
        ["product-voice-assistants", "ts-matter-setup"],
        "yes, through Matter; the code is on the device label",
    ),
    (
        "lookup",
        "Do Kestrel devices support WPA3?",
        ["ts-wifi-requirements"],
        "only the Lumo Lamp 2 and the Kestrel Hub",
    ),
    (
        "paraphrase",
        "Can I set up my lamp on the hotel Wi-Fi where you log in through a web page?",
        ["ts-wifi-requirements"],
        "no",
    ),
    (
        "multi_hop",
        "My old Lumo Lamp will not connect to my WPA3-only router; which lamp should I buy instead and what does it cost?",
        ["ts-wifi-requirements", "product-lumo-lamp-2"],
        "the Lumo Lamp 2, 79 euros",
    ),
    # unanswerable
    ("unanswerable", "Do you sell smart doorbells?", [], ""),
    ("unanswerable", "What is the CEO's name?", [], ""),
    ("unanswerable", "Can I pick up my order in a store in Berlin?", [], ""),
    ("unanswerable", "Is the Aero 500 available in white?", [], ""),
    ("unanswerable", "Does the Latch One have a fingerprint reader?", [], ""),
    (
        "unanswerable",
        "What is the maximum temperature the Hearth thermostat can be set to?",
        [],
        "",
    ),
    ("unanswerable", "Will there be a Lumo Lamp 3 next year?", [], ""),
    ("unanswerable", "Can I pay with Bitcoin?", [], ""),
    ("unanswerable", "How much does the Hearth thermostat weigh?", [], ""),
    ("unanswerable", "Is there a Kestrel app for Windows?", [], ""),
    ("unanswerable", "Do you offer installation by a technician?", [], ""),
    ("unanswerable", "What is the Aero 300's energy consumption per year?", [], ""),
    ("unanswerable", "Does the Kestrel Hub support Z-Wave?", [], ""),
    (
        "unanswerable",
        "Can I return a gift card I received as a present for a discount code?",
        [],
        "",
    ),
    ("unanswerable", "Which ports does the Latch One use on my router?", [], ""),
    ("unanswerable", "Do you have a loyalty points programme?", [], ""),
]


def split_of(index: int) -> str:
    """Every third question (0-based index 2, 5, 8, ...) is held out for the hidden checks."""
    return "hidden" if index % 3 == 2 else "visible"


def rows():
    kb = [
        {"id": i, "title": title, "category": cat, "date": date, "text": text}
        for i, cat, date, title, text in DOCS
    ]
    ids = {d["id"] for d in kb}
    assert len(ids) == len(kb), "duplicate document ids"
    questions = []
    for n, (qtype, question, gold, answer) in enumerate(QUESTIONS):
        unknown = set(gold) - ids
        assert not unknown, f"{question}: unknown gold documents {unknown}"
        assert (qtype == "unanswerable") == (not gold)
        questions.append(
            {
                "id": f"q{n + 1:03d}",
                "question": question,
                "type": qtype,
                "gold_doc_ids": gold,
                "answer": answer,
                "split": split_of(n),
            }
        )
    return kb, questions


def write_jsonl(path: Path, items) -> None:
    with path.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")


def main() -> None:
    kb, questions = rows()
    write_jsonl(HERE / "t6_knowledge_base.jsonl", kb)
    write_jsonl(HERE / "t6_questions.jsonl", questions)
    print(
        f"{len(kb)} documents, {len(questions)} questions "
        f"({sum(q['split'] == 'hidden' for q in questions)} hidden)"
    )


if __name__ == "__main__":
    main()

# The README's Python snippet is this file, verbatim (test/e2e/merchant-examples.test.ts checks it).
import os

import ledger
from standardwebhooks import Webhook  # the specification's reference implementation

# "whsec_…", the proxy's CASHIER_EVENTS_SECRET: it signs the events and the authorize requests.
webhook = Webhook(os.environ["CASHIER_EVENTS_SECRET"])


def verified(body: bytes, headers) -> dict | None:
    """The JSON the proxy signed, or None: a wrong signature, or a timestamp more than 5 minutes off."""
    try:
        return webhook.verify(body, dict(headers.items()))
    except Exception:  # WebhookVerificationError, or headers too broken to parse
        return None


def on_event(db, event_id: str, event: dict) -> bool:
    """Applies an event once, by its webhook-id; False for a duplicate delivery (acknowledged all the same)."""
    with ledger.immediate(db):
        first = db.execute("INSERT OR IGNORE INTO applied_events (event_id, type) VALUES (?, ?)", (event_id, event["type"])).rowcount == 1
        if first and event["type"] in ledger.SETTLING:
            ledger.settle(db, event_id, event["data"])  # credit a deposit; capture or release a pay-out's hold
    return first

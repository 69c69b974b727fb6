"""
The wallet ledger in SQLite: balances, holds and the ids of applied events. Amounts are kept in
hundredths (integers), never floats. Every change is one `BEGIN IMMEDIATE` transaction, which
takes SQLite's write lock before the first read: two authorize requests can never both read the
same balance and both spend it.

  players         who may log in (the site's own accounts; the KYC facts the profile tells)
  wallets         balance per player and currency
  holds           one per authorized pay-out: held -> captured (approved) or released
  movements       one per transaction that moved money: + a deposit, - a pay-out
  applied_events  the webhook-id of every event applied, so a duplicate delivery changes nothing
"""
import re
import sqlite3
from contextlib import contextmanager

SCHEMA = """
CREATE TABLE IF NOT EXISTS players (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  first_name TEXT,
  last_name TEXT,
  country TEXT,
  gender TEXT,
  verified_on TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS wallets (
  player TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance INTEGER NOT NULL,
  PRIMARY KEY (player, currency)
);
CREATE TABLE IF NOT EXISTS holds (
  authorization_id TEXT PRIMARY KEY,
  player TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('held', 'captured', 'released'))
);
CREATE TABLE IF NOT EXISTS movements (
  transaction_id TEXT PRIMARY KEY,
  player TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount INTEGER NOT NULL,
  event_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS applied_events (
  event_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
"""

# The events that settle a transaction; `data.status` says how (for `.resolved`, the operator's word).
SETTLING = {"transaction.approved", "transaction.declined", "transaction.failed", "transaction.rejected", "transaction.resolved"}
RELEASED = {"declined", "failed", "rejected"}

AMOUNT = re.compile(r"^(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,2}))?$")


def hundredths(amount) -> int:
    """ "100.50" -> 10050; raises ValueError for anything but a plain decimal string."""
    match = AMOUNT.match(amount) if isinstance(amount, str) else None
    if not match:
        raise ValueError(f"amount must be a decimal string like 100.00, got {amount!r}")
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


def connect(path: str) -> sqlite3.Connection:
    """A connection of its own per request; waits up to 10 s for another writer's lock."""
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def create(path: str) -> None:
    db = connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(SCHEMA)
    db.close()


@contextmanager
def immediate(db: sqlite3.Connection):
    """One write transaction: the lock is taken at BEGIN, before anything is read."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def sign_up(db: sqlite3.Connection, player: dict) -> None:
    """The demo's login creates the account (a real site has its own, and its own KYC records)."""
    db.execute(
        "INSERT INTO players (id, email, first_name, last_name, country, gender, verified_on) VALUES (?, ?, ?, ?, ?, ?, date('now'))"
        " ON CONFLICT (id) DO UPDATE SET email = excluded.email, first_name = excluded.first_name,"
        " last_name = excluded.last_name, country = excluded.country, gender = excluded.gender",
        (player["id"], player["email"], player.get("firstName"), player.get("lastName"), player.get("countryCode"), player.get("gender")),
    )


def available(db: sqlite3.Connection, player: str, currency: str, besides: str) -> int:
    """The balance less what authorized pay-outs hold, other than the authorization `besides`."""
    (balance,) = db.execute("SELECT COALESCE((SELECT balance FROM wallets WHERE player = ? AND currency = ?), 0)", (player, currency)).fetchone()
    (held,) = db.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM holds WHERE player = ? AND currency = ? AND status = 'held' AND authorization_id <> ?",
        (player, currency, besides),
    ).fetchone()
    return balance - held


def authorize(db: sqlite3.Connection, request: dict, partner_name: str) -> dict:
    """
    The answer to the proxy's authorize request: a pay-out is held at once, in the same
    transaction that checked the balance. Asked again for the same authorizationId (the proxy
    retrying), the hold is not taken twice.
    """
    authorization_id, player, currency = request["authorizationId"], request["user"]["id"], request["currency"]
    amount = hundredths(request["amount"])
    with immediate(db):
        account = db.execute("SELECT email, verified_on, gender FROM players WHERE id = ?", (player,)).fetchone()
        if account is None:
            return {"decision": "refuse", "reason": "verification_required"}
        spendable = available(db, player, currency, authorization_id)
        if request["type"] == "payout":
            hold = db.execute("SELECT status FROM holds WHERE authorization_id = ?", (authorization_id,)).fetchone()
            if hold is None or hold[0] == "released":  # new, or asked again after that attempt ended
                if spendable < amount:
                    return {"decision": "refuse", "reason": "insufficient_balance"}
                db.execute(
                    "INSERT INTO holds (authorization_id, player, currency, amount, status) VALUES (?, ?, ?, ?, 'held')"
                    " ON CONFLICT (authorization_id) DO UPDATE SET status = 'held', amount = excluded.amount",
                    (authorization_id, player, currency, amount),
                )
        (count,) = db.execute("SELECT COUNT(*) FROM movements WHERE player = ?", (player,)).fetchone()
    # The KYC and risk block Cleo and Worldpay need (Mozarto's docs, §6.2 and §6.9), fresh now;
    # the proxy passes it on only to the providers that ask for it.
    profile = {
        "kycVerified": True,
        "blocked": False,
        "isVelocity": False,
        "transactionCount": str(count),
        "userBalance": spendable / 100,
        "partnerName": partner_name,
        "emailVerification": account[0],
        "verificationDate": account[1],
    }
    if account[2] is not None:
        profile["gender"] = account[2]
    return {"decision": "allow", "profile": profile}


def settle(db: sqlite3.Connection, event_id: str, data: dict) -> None:
    """
    Inside the event's transaction: a deposit approved is credited, a pay-out approved is
    debited and its hold captured, a pay-out declined, failed or rejected has its hold released.
    Review and unknown keep the hold until `.resolved`. A transaction moves money once, whatever
    events arrive for it (movements' key).
    """
    transaction_id, status = data["transactionId"], data["status"]
    if status == "approved":
        amount = hundredths(data["amount"]) * (1 if data["flow"] == "payin" else -1)
        moved = db.execute(
            "INSERT OR IGNORE INTO movements (transaction_id, player, currency, amount, event_id) VALUES (?, ?, ?, ?, ?)",
            (transaction_id, data["userId"], data["currency"], amount, event_id),
        ).rowcount
        if moved:
            db.execute(
                "INSERT INTO wallets (player, currency, balance) VALUES (?, ?, ?)"
                " ON CONFLICT (player, currency) DO UPDATE SET balance = balance + excluded.balance",
                (data["userId"], data["currency"], amount),
            )
        db.execute("UPDATE holds SET status = 'captured' WHERE authorization_id = ?", (transaction_id,))
    elif status in RELEASED:
        db.execute("UPDATE holds SET status = 'released' WHERE authorization_id = ? AND status = 'held'", (transaction_id,))

#!/usr/bin/env python3
"""
A merchant site beside `npx mozarto-cashier-proxy`, in Python's standard library (plus Debian's
python3-jwt for the session token). README.md says how to run the two together.

  POST /login      {"player", "email", "firstName"?, "lastName"?, "countryCode"?, "gender"?}: the session
                   token, as JSON and as the cashier_session cookie
  POST /authorize  the proxy asks before a payment reaches Mozarto; a pay-out is held at once
  POST /events     the proxy tells what happened; applied once per webhook-id
  GET  /healthz

Configured by CASHIER_SESSION_SECRET, CASHIER_SESSION_ISSUER, CASHIER_SESSION_AUDIENCE
(mozarto-cashier) and CASHIER_EVENTS_SECRET (the proxy's own), MERCHANT_DB
(merchant.db), HOST (127.0.0.1), PORT (8000) and MERCHANT_NAME (Demo Casino).
"""
import json
import os
import re
import sys
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

for name, rule, ok in [
    ("CASHIER_SESSION_SECRET", "at least 32 bytes", lambda v: len(v.encode()) >= 32),
    ("CASHIER_SESSION_ISSUER", "who mints the session tokens, e.g. https://casino.example", lambda v: 0 < len(v) <= 200),
    ("CASHIER_EVENTS_SECRET", "whsec_ and base64", lambda v: v.startswith("whsec_") and len(v) > 6),
]:
    if not ok(os.environ.get(name, "")):
        sys.exit(f"python-merchant: {name} must be set ({rule}), the same value as the proxy's")

import ledger  # noqa: E402 (after the check: receive.py reads CASHIER_EVENTS_SECRET when imported)
from receive import on_event, verified  # noqa: E402
from session import LIFETIME_SECONDS, session_token  # noqa: E402

SESSION_SECRET = os.environ["CASHIER_SESSION_SECRET"]
SESSION_ISSUER = os.environ["CASHIER_SESSION_ISSUER"]
SESSION_AUDIENCE = os.environ.get("CASHIER_SESSION_AUDIENCE") or "mozarto-cashier"
DB = os.environ.get("MERCHANT_DB", "merchant.db")
MERCHANT_NAME = os.environ.get("MERCHANT_NAME", "Demo Casino")
MAX_BODY = 64 * 1024

PLAYER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s]{2,}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


def text(value, pattern=None, limit=200) -> bool:
    return isinstance(value, str) and 0 < len(value) <= limit and (pattern is None or pattern.match(value) is not None)


def login_problem(body) -> str | None:
    if not isinstance(body, dict) or not text(body.get("player"), PLAYER_ID):
        return "player must be 1 to 64 letters, digits or _.@-"
    if not text(body.get("email"), EMAIL, 254):
        return "email must be an e-mail address"
    if any(k in body and not text(body[k], None, 100) for k in ("firstName", "lastName")):
        return "firstName and lastName must be text of at most 100 characters"
    if "countryCode" in body and not text(body["countryCode"], COUNTRY):
        return "countryCode must be two capital letters"
    if "gender" in body and not text(body["gender"], None, 16):
        return "gender must be text of at most 16 characters"
    return None


def authorize_problem(body) -> str | None:
    if not isinstance(body, dict) or not text(body.get("authorizationId")):
        return "authorizationId is missing"
    if not isinstance(body.get("user"), dict) or not text(body["user"].get("id")):
        return "user.id is missing"
    if body.get("type") not in ("payin", "payout"):
        return "type must be payin or payout"
    if not text(body.get("currency"), CURRENCY):
        return "currency must be three capital letters"
    return amount_problem(body.get("amount"))


def event_problem(event) -> str | None:
    if not isinstance(event, dict) or not text(event.get("type")) or not isinstance(event.get("data"), dict):
        return "an event is { type, timestamp, data }"
    if event["type"] not in ledger.SETTLING:
        return None  # created, review, unknown, progress, and types added later: acknowledged, nothing to move
    data = event["data"]
    if not all(text(data.get(k)) for k in ("transactionId", "userId", "status")) or data.get("flow") not in ("payin", "payout"):
        return "data needs transactionId, userId, flow and status"
    if not text(data.get("currency"), CURRENCY):
        return "data.currency must be three capital letters"
    return amount_problem(data.get("amount"))


def amount_problem(amount) -> str | None:
    try:
        ledger.hundredths(amount)
        return None
    except ValueError as error:
        return str(error)


class Handler(BaseHTTPRequestHandler):
    server_version = "python-merchant"
    sys_version = ""

    def do_GET(self):
        if self.path == "/healthz":
            return self.reply(200, {"ok": True})
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        self.cookie = None
        route = {"/login": self.login, "/authorize": self.authorize, "/events": self.events}.get(self.path)
        if route is None:
            return self.reply(404, {"error": "not found"})
        length = self.headers.get("content-length", "")
        if not length.isdigit():
            return self.reply(411, {"error": "a Content-Length is required"})
        if int(length) > MAX_BODY:
            return self.reply(413, {"error": f"the body is over {MAX_BODY} bytes"})
        body = self.rfile.read(int(length))
        try:
            with closing(ledger.connect(DB)) as db:
                status, answer = route(db, body)
        except Exception as error:  # the database, not the request: the proxy retries
            self.log_error("%s failed: %r", self.path, error)
            status, answer = 500, {"error": "internal error"}
        self.reply(status, answer)

    def login(self, db, body: bytes):
        """The site's login (a demo: anyone may be anyone) ends by minting the session token."""
        try:
            player = json.loads(body)
        except ValueError:
            return 400, {"error": "the body must be JSON"}
        problem = login_problem(player)
        if problem:
            return 400, {"error": problem}
        player = {**player, "id": player["player"]}
        with ledger.immediate(db):
            ledger.sign_up(db, player)
        token = session_token(SESSION_SECRET, SESSION_ISSUER, SESSION_AUDIENCE, player)
        self.cookie = f"cashier_session={token}; Path=/; Max-Age={LIFETIME_SECONDS}; HttpOnly; SameSite=Lax"
        return 200, {"token": token, "expiresIn": LIFETIME_SECONDS}

    def authorize(self, db, body: bytes):
        request = verified(body, self.headers)
        if request is None:
            return 401, {"error": "the signature or its timestamp is wrong"}
        problem = authorize_problem(request)
        if problem:
            return 400, {"error": problem}
        return 200, ledger.authorize(db, request, MERCHANT_NAME)

    def events(self, db, body: bytes):
        event = verified(body, self.headers)
        if event is None:
            return 401, {"error": "the signature or its timestamp is wrong"}
        problem = event_problem(event)
        if problem:
            return 400, {"error": problem}
        applied = on_event(db, self.headers["webhook-id"], event)
        return 200, {"received": True, "duplicate": not applied}

    def reply(self, status: int, answer: dict) -> None:
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.send_header("cache-control", "no-store")
        if getattr(self, "cookie", None):
            self.send_header("set-cookie", self.cookie)
        self.end_headers()
        self.wfile.write(data)


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # the listen backlog (5 by default): a burst of requests must not wait for SYN retries
    daemon_threads = True


if __name__ == "__main__":
    ledger.create(DB)
    server = Server((os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))), Handler)
    print(f"python-merchant listening on http://{server.server_address[0]}:{server.server_address[1]} (database {DB})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass

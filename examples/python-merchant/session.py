"""
The session token the proxy knows the player by: HS256, signed with the proxy's
CASHIER_SESSION_SECRET, short-lived, `sub` the player's id, `iss` and `aud` the proxy's
CASHIER_SESSION_ISSUER and CASHIER_SESSION_AUDIENCE, plus the profile claims the proxy
may fill a provider's form with. Sent by the browser as `Authorization: Bearer` or in the
`cashier_session` cookie. Signed with PyJWT (Debian's python3-jwt).
"""
import time

import jwt

LIFETIME_SECONDS = 15 * 60


def session_token(secret: str, issuer: str, audience: str, player: dict) -> str:
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": audience,
        "sub": player["id"],
        "iat": now,
        "exp": now + LIFETIME_SECONDS,
        "email": player.get("email"),
        "firstName": player.get("firstName"),
        "lastName": player.get("lastName"),
        "countryCode": player.get("countryCode"),
    }
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, secret, algorithm="HS256")

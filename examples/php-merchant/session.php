<?php

/*
 * The session token the proxy knows the player by: HS256 (RFC 7519), signed with the proxy's
 * CASHIER_SESSION_SECRET, short-lived, `sub` the player's id, `iss` and `aud` the proxy's
 * CASHIER_SESSION_ISSUER and CASHIER_SESSION_AUDIENCE, plus the profile claims the proxy
 * may fill a provider's form with. Sent by the browser as `Authorization: Bearer` or in the
 * `cashier_session` cookie. With Composer, firebase/php-jwt's JWT::encode($claims, $secret, 'HS256')
 * does the same.
 */

declare(strict_types=1);

const LIFETIME_SECONDS = 15 * 60;

function base64url(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

function session_token(string $secret, string $issuer, string $audience, array $player): string
{
    $now = time();
    $claims = array_filter([
        'iss' => $issuer,
        'aud' => $audience,
        'sub' => $player['player'],
        'iat' => $now,
        'exp' => $now + LIFETIME_SECONDS,
        'email' => $player['email'] ?? null,
        'firstName' => $player['firstName'] ?? null,
        'lastName' => $player['lastName'] ?? null,
        'countryCode' => $player['countryCode'] ?? null,
    ], fn ($value) => $value !== null);
    $signed = base64url(json_encode(['alg' => 'HS256', 'typ' => 'JWT'])) . '.' . base64url(json_encode($claims, JSON_UNESCAPED_SLASHES));
    return $signed . '.' . base64url(hash_hmac('sha256', $signed, $secret, true));
}

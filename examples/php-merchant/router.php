<?php

/*
 * A merchant site beside `npx mozarto-cashier-proxy`, in plain PHP (php-cli with pdo_sqlite), run
 * by PHP's built-in server: `php -S 127.0.0.1:8000 router.php`. README.md says how to run the two
 * together.
 *
 *   POST /login      {"player", "email", "firstName"?, "lastName"?, "countryCode"?, "gender"?}: the session
 *                    token, as JSON and as the cashier_session cookie
 *   POST /authorize  the proxy asks before a payment reaches Mozarto; a pay-out is held at once
 *   POST /events     the proxy tells what happened; applied once per webhook-id
 *   GET  /healthz
 *
 * Configured by CASHIER_SESSION_SECRET, CASHIER_SESSION_ISSUER, CASHIER_SESSION_AUDIENCE
 * (mozarto-cashier) and CASHIER_EVENTS_SECRET (the proxy's own), MERCHANT_DB (merchant.db beside this file) and MERCHANT_NAME (Demo Casino).
 */

declare(strict_types=1);

require_once __DIR__ . '/receive.php';
require_once __DIR__ . '/session.php';

const MAX_BODY = 64 * 1024;

function reply(int $status, array $answer): void
{
    http_response_code($status);
    header('content-type: application/json');
    header('cache-control: no-store');
    echo json_encode($answer, JSON_UNESCAPED_SLASHES);
}

function text(mixed $value, ?string $pattern = null, int $limit = 200): bool
{
    return is_string($value) && $value !== '' && strlen($value) <= $limit && ($pattern === null || preg_match($pattern, $value) === 1);
}

function amount_problem(mixed $amount): ?string
{
    try {
        hundredths($amount);
        return null;
    } catch (InvalidArgumentException $error) {
        return $error->getMessage();
    }
}

function login_problem(array $body): ?string
{
    if (!text($body['player'] ?? null, '/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/D')) {
        return 'player must be 1 to 64 letters, digits or _.@-';
    }
    if (!text($body['email'] ?? null, '/^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s]{2,}$/D', 254)) {
        return 'email must be an e-mail address';
    }
    foreach (['firstName', 'lastName'] as $name) {
        if (array_key_exists($name, $body) && !text($body[$name], null, 100)) {
            return 'firstName and lastName must be text of at most 100 characters';
        }
    }
    if (array_key_exists('countryCode', $body) && !text($body['countryCode'], '/^[A-Z]{2}$/D')) {
        return 'countryCode must be two capital letters';
    }
    if (array_key_exists('gender', $body) && !text($body['gender'], null, 16)) {
        return 'gender must be text of at most 16 characters';
    }
    return null;
}

function authorize_problem(array $body): ?string
{
    if (!text($body['authorizationId'] ?? null)) {
        return 'authorizationId is missing';
    }
    if (!is_array($body['user'] ?? null) || !text($body['user']['id'] ?? null)) {
        return 'user.id is missing';
    }
    if (!in_array($body['type'] ?? null, ['payin', 'payout'], true)) {
        return 'type must be payin or payout';
    }
    if (!text($body['currency'] ?? null, '/^[A-Z]{3}$/D')) {
        return 'currency must be three capital letters';
    }
    return amount_problem($body['amount'] ?? null);
}

function event_problem(array $event): ?string
{
    if (!text($event['type'] ?? null) || !is_array($event['data'] ?? null)) {
        return 'an event is { type, timestamp, data }';
    }
    if (!in_array($event['type'], SETTLING, true)) {
        return null; // created, review, unknown, progress, and types added later: acknowledged, nothing to move
    }
    $data = $event['data'];
    foreach (['transactionId', 'userId', 'status'] as $name) {
        if (!text($data[$name] ?? null)) {
            return 'data needs transactionId, userId, flow and status';
        }
    }
    if (!in_array($data['flow'] ?? null, ['payin', 'payout'], true)) {
        return 'data needs transactionId, userId, flow and status';
    }
    if (!text($data['currency'] ?? null, '/^[A-Z]{3}$/D')) {
        return 'data.currency must be three capital letters';
    }
    return amount_problem($data['amount'] ?? null);
}

/** The site's login (a demo: anyone may be anyone) ends by minting the session token. */
function login(PDO $db, string $body): array
{
    $player = json_decode($body, true);
    $problem = is_array($player) ? login_problem($player) : 'the body must be a JSON object';
    if ($problem !== null) {
        return [400, ['error' => $problem]];
    }
    immediate($db, fn () => sign_up($db, $player));
    $token = session_token(getenv('CASHIER_SESSION_SECRET'), getenv('CASHIER_SESSION_ISSUER'), getenv('CASHIER_SESSION_AUDIENCE') ?: 'mozarto-cashier', $player);
    setcookie('cashier_session', $token, ['expires' => time() + LIFETIME_SECONDS, 'path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
    return [200, ['token' => $token, 'expiresIn' => LIFETIME_SECONDS]];
}

function authorize_request(PDO $db, string $body): array
{
    $request = verified($body);
    if ($request === null) {
        return [401, ['error' => 'the signature or its timestamp is wrong']];
    }
    $problem = authorize_problem($request);
    if ($problem !== null) {
        return [400, ['error' => $problem]];
    }
    return [200, authorize($db, $request, getenv('MERCHANT_NAME') ?: 'Demo Casino')];
}

function events(PDO $db, string $body): array
{
    $event = verified($body);
    if ($event === null) {
        return [401, ['error' => 'the signature or its timestamp is wrong']];
    }
    $problem = event_problem($event);
    if ($problem !== null) {
        return [400, ['error' => $problem]];
    }
    $applied = on_event($db, $_SERVER['HTTP_WEBHOOK_ID'], $event);
    return [200, ['received' => true, 'duplicate' => !$applied]];
}

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'];
$route = ['/login' => 'login', '/authorize' => 'authorize_request', '/events' => 'events'][$path] ?? null;
if ($path === '/healthz' && $method === 'GET') {
    reply(200, ['ok' => true]);
} elseif ($route === null || $method !== 'POST') {
    reply(404, ['error' => 'not found']);
} elseif (strlen((string) getenv('CASHIER_SESSION_SECRET')) < 32 || (string) getenv('CASHIER_SESSION_ISSUER') === '' || !str_starts_with((string) getenv('CASHIER_EVENTS_SECRET'), 'whsec_')) {
    error_log('php-merchant: CASHIER_SESSION_SECRET (at least 32 bytes), CASHIER_SESSION_ISSUER and CASHIER_EVENTS_SECRET (whsec_…) must be set, the same values as the proxy\'s');
    reply(500, ['error' => 'the site is not configured']);
} elseif ((int) ($_SERVER['CONTENT_LENGTH'] ?? 0) > MAX_BODY) {
    reply(413, ['error' => 'the body is over ' . MAX_BODY . ' bytes']);
} else {
    try {
        [$status, $answer] = $route(connect(getenv('MERCHANT_DB') ?: __DIR__ . '/merchant.db'), file_get_contents('php://input'));
    } catch (Throwable $error) { // the database, not the request: the proxy retries
        error_log("php-merchant: $path failed: $error");
        [$status, $answer] = [500, ['error' => 'internal error']];
    }
    reply($status, $answer);
}

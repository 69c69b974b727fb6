<?php

// The README's PHP snippet is this file, verbatim (test/e2e/merchant-examples.test.ts checks it).

declare(strict_types=1);

// The specification's reference implementation (Composer: standard-webhooks/standard-webhooks).
require_once __DIR__ . '/standard-webhooks/src/Webhook.php';
require_once __DIR__ . '/standard-webhooks/src/Exception/EmptyWebhookSecretException.php';
require_once __DIR__ . '/standard-webhooks/src/Exception/WebhookSigningException.php';
require_once __DIR__ . '/standard-webhooks/src/Exception/WebhookVerificationException.php';
require_once __DIR__ . '/ledger.php';

/** The JSON the proxy signed, or null: a wrong signature, or a timestamp more than 5 minutes off. */
function verified(string $body): ?array
{
    // "whsec_…", the proxy's CASHIER_EVENTS_SECRET: it signs the events and the authorize requests.
    $webhook = new StandardWebhooks\Webhook(getenv('CASHIER_EVENTS_SECRET'));
    $headers = [];
    foreach (['webhook-id', 'webhook-timestamp', 'webhook-signature'] as $name) {
        $value = $_SERVER['HTTP_' . strtoupper(str_replace('-', '_', $name))] ?? null;
        if (is_string($value)) {
            $headers[$name] = $value;
        }
    }
    try {
        $json = $webhook->verify($body, $headers);
        return is_array($json) ? $json : null;
    } catch (Throwable) { // WebhookVerificationException, or headers too broken to parse
        return null;
    }
}

/** Applies an event once, by its webhook-id; false for a duplicate delivery (acknowledged all the same). */
function on_event(PDO $db, string $eventId, array $event): bool
{
    return immediate($db, function () use ($db, $eventId, $event) {
        $insert = $db->prepare('INSERT OR IGNORE INTO applied_events (event_id, type) VALUES (?, ?)');
        $insert->execute([$eventId, $event['type']]);
        $first = $insert->rowCount() === 1;
        if ($first && in_array($event['type'], SETTLING, true)) {
            settle($db, $eventId, $event['data']); // credit a deposit; capture or release a pay-out's hold
        }
        return $first;
    });
}

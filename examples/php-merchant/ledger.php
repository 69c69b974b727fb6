<?php

/*
 * The wallet ledger in SQLite (pdo_sqlite): balances, holds and the ids of applied events. Amounts
 * are kept in hundredths (integers), never floats. Every change is one `BEGIN IMMEDIATE`
 * transaction, which takes SQLite's write lock before the first read: two authorize requests can
 * never both read the same balance and both spend it.
 *
 *   players         who may log in (the site's own accounts; the KYC facts the profile tells)
 *   wallets         balance per player and currency
 *   holds           one per authorized pay-out: held -> captured (approved) or released
 *   movements       one per transaction that moved money: + a deposit, - a pay-out
 *   applied_events  the webhook-id of every event applied, so a duplicate delivery changes nothing
 */

declare(strict_types=1);

const SCHEMA = <<<'SQL'
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
PRAGMA user_version = 1;
SQL;

/** The events that settle a transaction; `data.status` says how (for `.resolved`, the operator's word). */
const SETTLING = ['transaction.approved', 'transaction.declined', 'transaction.failed', 'transaction.rejected', 'transaction.resolved'];
const RELEASED = ['declined', 'failed', 'rejected'];

/** "100.50" -> 10050; throws InvalidArgumentException for anything but a plain decimal string. */
function hundredths(mixed $amount): int
{
    if (!is_string($amount) || !preg_match('/^(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,2}))?$/D', $amount, $m)) {
        throw new InvalidArgumentException('amount must be a decimal string like 100.00, got ' . json_encode($amount));
    }
    return (int) $m[1] * 100 + (int) str_pad($m[2] ?? '0', 2, '0');
}

/** A connection of its own per request; waits up to 10 s for another writer's lock. The schema on first use. */
function connect(string $path): PDO
{
    $db = new PDO("sqlite:$path", null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_TIMEOUT => 10]);
    if ((int) $db->query('PRAGMA user_version')->fetchColumn() === 0) {
        $db->exec('PRAGMA journal_mode = WAL');
        immediate($db, fn () => $db->exec(SCHEMA));
    }
    return $db;
}

/** One write transaction: the lock is taken at BEGIN, before anything is read. */
function immediate(PDO $db, callable $work): mixed
{
    $db->exec('BEGIN IMMEDIATE');
    try {
        $result = $work();
    } catch (Throwable $error) {
        $db->exec('ROLLBACK');
        throw $error;
    }
    $db->exec('COMMIT');
    return $result;
}

/** The demo's login creates the account (a real site has its own, and its own KYC records). */
function sign_up(PDO $db, array $player): void
{
    $db->prepare(
        "INSERT INTO players (id, email, first_name, last_name, country, gender, verified_on) VALUES (?, ?, ?, ?, ?, ?, date('now'))"
        . ' ON CONFLICT (id) DO UPDATE SET email = excluded.email, first_name = excluded.first_name,'
        . ' last_name = excluded.last_name, country = excluded.country, gender = excluded.gender',
    )->execute([$player['player'], $player['email'], $player['firstName'] ?? null, $player['lastName'] ?? null, $player['countryCode'] ?? null, $player['gender'] ?? null]);
}

/** The balance less what authorized pay-outs hold, other than the authorization `$besides`. */
function available(PDO $db, string $player, string $currency, string $besides): int
{
    $balance = $db->prepare('SELECT COALESCE((SELECT balance FROM wallets WHERE player = ? AND currency = ?), 0)');
    $balance->execute([$player, $currency]);
    $held = $db->prepare("SELECT COALESCE(SUM(amount), 0) FROM holds WHERE player = ? AND currency = ? AND status = 'held' AND authorization_id <> ?");
    $held->execute([$player, $currency, $besides]);
    return (int) $balance->fetchColumn() - (int) $held->fetchColumn();
}

/**
 * The answer to the proxy's authorize request: a pay-out is held at once, in the same
 * transaction that checked the balance. Asked again for the same authorizationId (the proxy
 * retrying), the hold is not taken twice.
 */
function authorize(PDO $db, array $request, string $partnerName): array
{
    [$authorizationId, $player, $currency] = [$request['authorizationId'], $request['user']['id'], $request['currency']];
    $amount = hundredths($request['amount']);
    return immediate($db, function () use ($db, $request, $partnerName, $authorizationId, $player, $currency, $amount) {
        $account = $db->prepare('SELECT email, verified_on, gender FROM players WHERE id = ?');
        $account->execute([$player]);
        $account = $account->fetch(PDO::FETCH_NUM);
        if ($account === false) {
            return ['decision' => 'refuse', 'reason' => 'verification_required'];
        }
        $spendable = available($db, $player, $currency, $authorizationId);
        if ($request['type'] === 'payout') {
            $hold = $db->prepare('SELECT status FROM holds WHERE authorization_id = ?');
            $hold->execute([$authorizationId]);
            $status = $hold->fetchColumn();
            if ($status === false || $status === 'released') { // new, or asked again after that attempt ended
                if ($spendable < $amount) {
                    return ['decision' => 'refuse', 'reason' => 'insufficient_balance'];
                }
                $db->prepare(
                    "INSERT INTO holds (authorization_id, player, currency, amount, status) VALUES (?, ?, ?, ?, 'held')"
                    . " ON CONFLICT (authorization_id) DO UPDATE SET status = 'held', amount = excluded.amount",
                )->execute([$authorizationId, $player, $currency, $amount]);
            }
        }
        $count = $db->prepare('SELECT COUNT(*) FROM movements WHERE player = ?');
        $count->execute([$player]);
        // The KYC and risk block Cleo and Worldpay need (Mozarto's docs, §6.2 and §6.9), fresh now;
        // the proxy passes it on only to the providers that ask for it.
        $profile = [
            'kycVerified' => true,
            'blocked' => false,
            'isVelocity' => false,
            'transactionCount' => (string) $count->fetchColumn(),
            'userBalance' => $spendable / 100,
            'partnerName' => $partnerName,
            'emailVerification' => $account[0],
            'verificationDate' => $account[1],
        ];
        if ($account[2] !== null) {
            $profile['gender'] = $account[2];
        }
        return ['decision' => 'allow', 'profile' => $profile];
    });
}

/**
 * Inside the event's transaction: a deposit approved is credited, a pay-out approved is debited
 * and its hold captured, a pay-out declined, failed or rejected has its hold released. Review and
 * unknown keep the hold until `.resolved`. A transaction moves money once, whatever events arrive
 * for it (movements' key).
 */
function settle(PDO $db, string $eventId, array $data): void
{
    [$transactionId, $status] = [$data['transactionId'], $data['status']];
    if ($status === 'approved') {
        $amount = hundredths($data['amount']) * ($data['flow'] === 'payin' ? 1 : -1);
        $moved = $db->prepare('INSERT OR IGNORE INTO movements (transaction_id, player, currency, amount, event_id) VALUES (?, ?, ?, ?, ?)');
        $moved->execute([$transactionId, $data['userId'], $data['currency'], $amount, $eventId]);
        if ($moved->rowCount() === 1) {
            $db->prepare(
                'INSERT INTO wallets (player, currency, balance) VALUES (?, ?, ?)'
                . ' ON CONFLICT (player, currency) DO UPDATE SET balance = balance + excluded.balance',
            )->execute([$data['userId'], $data['currency'], $amount]);
        }
        $db->prepare("UPDATE holds SET status = 'captured' WHERE authorization_id = ?")->execute([$transactionId]);
    } elseif (in_array($status, RELEASED, true)) {
        $db->prepare("UPDATE holds SET status = 'released' WHERE authorization_id = ? AND status = 'held'")->execute([$transactionId]);
    }
}

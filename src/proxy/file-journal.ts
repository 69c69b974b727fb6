/**
 * The webhook journal on local disk (webhook-journal.ts, ADR 0020): one file per kept webhook in
 * a directory, written as a temporary file, fsynced, renamed into place, and the directory
 * fsynced — so an entry is whole or absent after a crash, and `append` resolves only once it is
 * durable. Names start with the time received, so listing them sorted is oldest first.
 *
 * The directory may be an instance's own persistent volume or one shared by every instance:
 * each entry is a file of its own, any instance may replay any, and a duplicate replay is
 * harmless. Files are the owner's only (0600, directory 0700): a payload names the player.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalEntry, WebhookJournal } from './webhook-journal.js';

export interface FileJournalOptions {
  /** Entries kept at most; beyond it `append` refuses (the webhook is answered 503). Default 100 000. */
  readonly maxEntries?: number;
}

/** The time received in base 36 (fixed width, so names sort by it; no long digit run a log would take for a card number), and a random part. */
const NAME = /^[0-9a-z]{9}-[0-9a-f]{16}\.json$/;

/** Opens (creating it) the journal directory; throws if it cannot be created. */
export function openFileJournal(dir: string, options: FileJournalOptions = {}): WebhookJournal {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const maxEntries = options.maxEntries ?? 100_000;
  let count: number | undefined;

  const syncDir = async () => {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  const names = async () => (await readdir(dir)).filter((n) => NAME.test(n)).sort();

  return {
    async append(payload, receivedAt) {
      count ??= (await names()).length;
      if (count >= maxEntries) throw new Error(`the webhook journal ${dir} holds ${count} entries, its limit`);
      const name = `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(8).toString('hex')}.json`;
      const temporary = join(dir, `.${name}.tmp`);
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify({ receivedAt, payload }));
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, join(dir, name));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await syncDir();
      count++;
    },

    async list(limit) {
      const all = await names();
      count = all.length;
      const entries: JournalEntry[] = [];
      for (const name of all.slice(0, limit)) {
        let text: string;
        try {
          text = await readFile(join(dir, name), 'utf8');
        } catch {
          continue; // replayed and removed by another instance meanwhile
        }
        const kept = JSON.parse(text) as { receivedAt: string; payload: Record<string, unknown> };
        entries.push({ id: name, payload: kept.payload, receivedAt: kept.receivedAt });
      }
      return entries;
    },

    async remove(id) {
      if (!NAME.test(id)) throw new TypeError(`not a journal entry: ${JSON.stringify(id)}`);
      try {
        await unlink(join(dir, id));
        if (count !== undefined && count > 0) count--;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
  };
}

/**
 * `emulateMedia` for every engine the suite runs in (scripts/engines/media.mjs answers it):
 * Chromium and Firefox switch at run time; WebKitGTK keeps the state it started with, so tests
 * that need dark mode or reduced motion live in `*.prefers.test.ts` files, which it runs a second
 * time started dark with reduced motion. Keys left out keep their current value.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export interface MediaPreferences {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
}

export async function preferMedia(media: MediaPreferences): Promise<void> {
  await executeServerCommand('prefer-media', media);
}

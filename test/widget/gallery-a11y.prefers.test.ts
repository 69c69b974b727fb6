/**
 * Every state of the demo gallery passes axe in dark mode (the real `prefers-color-scheme:
 * dark`, on a page whose `color-scheme` follows it), in German, for the first pay-in provider. Chromium and Firefox switch to dark here;
 * WebKitGTK runs this file started dark (web-test-runner.config.mjs). The light modes are in
 * gallery-a11y.test.ts.
 */
import '../../src/define.js';
import { galleryHost } from './gallery-host.js';
import { itEveryStatePassesAxe } from './gallery-axe.js';
import { preferMedia } from './media.js';

describe('gallery: every state passes axe in dark mode', () => {
  const gallery = galleryHost('30rem');
  before(() => preferMedia({ colorScheme: 'dark' }));
  // The page follows the system (its color-scheme), so the widget does too.
  beforeEach(() => (gallery.host.style.colorScheme = 'light dark'));
  itEveryStatePassesAxe(gallery, 'payin', { name: 'German, dark', locale: 'de', dark: true });
});

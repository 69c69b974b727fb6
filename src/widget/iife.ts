/**
 * The `<script>` bundle's entry: registers the tag and exposes a tiny global for pages without
 * a bundler (`MozartoCashier.lastTransactionId()` on a return page).
 */
import { MozartoCashier } from './define.js';
import { lastTransactionId } from './resume.js';

(globalThis as Record<string, unknown>).MozartoCashier = { MozartoCashier, lastTransactionId };

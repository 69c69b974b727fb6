// Svelte 5: svelte/elements (mozarto-cashier/svelte).
import 'mozarto-cashier/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

export const attrs: SvelteHTMLElements['mozarto-cashier'] = {
  type: 'payout',
  currency: 'EUR',
  'onmozarto-status': (e) => void e.detail.transactionId,
};
// @ts-expect-error `redirectTarget` is self, top or blank
export const wrong: SvelteHTMLElements['mozarto-cashier'] = { redirectTarget: 'parent' };

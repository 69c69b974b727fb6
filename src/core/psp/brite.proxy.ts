import { brite as form } from './brite.js';
import { definePsp } from './define.js';

/**
 * Brite's Mozarto side (docs/mozarto-api.md §6.1): a hosted bank page; its body and response are not
 * in the copies, so the redirect URL is looked up by the known names in the order of docs/design.md "Redirect URL".
 * Business rejections arrive as 200 with `errorCode: UNKNOWN_PSP_ERROR` (§5).
 */
export const brite = definePsp(form, {
  englishDescription: 'Instant payment from your bank.',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: [] } } },
  gaps: ['Brite has "Webhook -" in the overview (§12.10); the outcome is still awaited by webhook.'],
});

import { email } from './fields.js';
import type { PspDefinition } from './types.js';

/**
 * Brite, open banking (docs/mozarto-api.md §6.1): a hosted bank page; its body and response are not
 * in the copies, so only the common pay-in fields (§4) are sent and the redirect URL is looked
 * up by the known names in the order of docs/design.md "Redirect URL". Business rejections arrive as 200 with
 * `errorCode: UNKNOWN_PSP_ERROR` (§5). Currency: none listed; `EUR`.
 */
export const brite: PspDefinition = {
  pspType: 'BRITE',
  name: 'Brite',
  description: 'psp.brite.description',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: [] } } },
  currencies: ['EUR'],
  fields: [email()],
  gaps: ['Brite has "Webhook -" in the overview (§12.10); the outcome is still awaited by webhook.'],
};

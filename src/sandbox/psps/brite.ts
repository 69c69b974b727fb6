/** Brite (docs/mozarto-api.md §6.1): body and response not in the copies — common fields (§4), generic shape (§5). */
import { defineModel, email } from './rules.js';

export const brite = defineModel({
  pspType: 'BRITE',
  name: 'Brite',
  pspIdPrefix: 'br-',
  types: ['PAYIN'],
  currencies: ['EUR', 'SEK'],
  payin: [email()],
});

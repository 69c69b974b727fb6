/**
 * The built-in providers' forms: what the widget needs to render and check the player's fields,
 * and nothing the proxy alone reads (that is in each provider's `psp/<name>.proxy.ts`, joined in
 * ./catalog.ts). The same order as the catalog.
 */
import { brite } from './psp/brite.js';
import { cleo } from './psp/cleo.js';
import { emerchantpay } from './psp/emerchantpay.js';
import { flexepin } from './psp/flexepin.js';
import { forumpay } from './psp/forumpay.js';
import { gigadat } from './psp/gigadat.js';
import { neosurf } from './psp/neosurf.js';
import { payone } from './psp/payone.js';
import { trust } from './psp/trust.js';
import { worldpay } from './psp/worldpay.js';
import type { PspForm } from './psp/types.js';

/** Adding a provider: its two files in ./psp, an entry here and one in ./catalog.ts (README, "Adding a provider"). */
export const BUILT_IN_FORMS: readonly PspForm[] = [payone, gigadat, forumpay, cleo, flexepin, neosurf, trust, worldpay, emerchantpay, brite];

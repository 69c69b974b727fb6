/**
 * Registers `<mozarto-cashier>`. Importing it twice, or next to another copy that already
 * registered the tag, is harmless.
 */
import { MozartoCashier } from './mozarto-cashier.js';

if (!customElements.get('mozarto-cashier')) customElements.define('mozarto-cashier', MozartoCashier);

export { MozartoCashier };

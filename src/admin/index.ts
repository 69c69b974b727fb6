/** The operator page's entry (dist/admin/admin.js, served at /admin/admin.js by the admin listener). */
import { CashierAdmin } from './cashier-admin.js';

if (!customElements.get('cashier-admin')) customElements.define('cashier-admin', CashierAdmin);

export { CashierAdmin };

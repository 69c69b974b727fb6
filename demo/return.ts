import '../src/define.js';
import { lastTransactionId } from '../src/widget/resume.js';

// The hosted page returns to a fixed URL (Payone builds it from the back office's siteUrl,
// docs/mozarto-api.md §6.7), so the transaction id comes from the tab's session storage, which the
// widget wrote before redirecting; an explicit ?transaction= wins.
const id = new URLSearchParams(location.search).get('transaction') ?? lastTransactionId();
const cashier = document.querySelector('mozarto-cashier')!;
if (id) cashier.setAttribute('transaction', id);
else cashier.replaceWith(Object.assign(document.createElement('p'), { textContent: 'No payment to show in this tab.' }));

import '../src/define.js';
import { lastTransactionId } from '../src/widget/resume.js';
import { applyTheme, recalledChoices } from './workbench.js';

// The hosted page returns to a fixed URL (Payone builds it from the back office's siteUrl,
// docs/mozarto-api.md §6.7), so the transaction id comes from the tab's session storage, which the
// widget wrote before redirecting; an explicit ?transaction= wins.
const id = new URLSearchParams(location.search).get('transaction') ?? lastTransactionId();
const cashier = document.querySelector('mozarto-cashier')!;
// The workbench's language, direction and theme, as the player left them (the flow and currency
// come from the transaction itself).
const choices = recalledChoices();
applyTheme(document.querySelector<HTMLElement>('main')!, choices);
if (choices.locale) cashier.setAttribute('locale', choices.locale);
if (choices.scheme === 'system') cashier.setAttribute('scheme', 'auto');
if (id) cashier.setAttribute('transaction', id);
else cashier.replaceWith(Object.assign(document.createElement('p'), { textContent: 'No payment to show in this tab.' }));

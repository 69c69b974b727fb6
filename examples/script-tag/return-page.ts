// Typed against the script bundle's global (`"types": ["mozarto-cashier/iife"]` in tsconfig.json).
const last: string | null = MozartoCashier.lastTransactionId();
const cashier = document.querySelector('mozarto-cashier');
if (cashier && last) cashier.transaction = last;
document.addEventListener('mozarto-complete', (e) => {
  document.title = e.detail.status === 'approved' ? 'Merci !' : 'Dépôt';
});
export {};

'use client';
// The README's Next.js recipe: MozartoCashier from mozarto-cashier/react in a client component.
// Server-rendered, then hydrated: prefill and the handlers are set by the wrapper after hydration.
import { MozartoCashier } from 'mozarto-cashier/react';

export function Cashier({ show, transaction, onEvent }) {
  return (
    <MozartoCashier
      endpoint="/api/cashier"
      currency="EUR"
      psp={show === 'form' ? 'PAYONE' : undefined}
      view={show === 'history' ? 'history' : undefined}
      transaction={show === 'return' ? transaction : undefined}
      prefill={{ email: 'ada@example.com' }}
      onMozartoSubmit={(e) => onEvent(`mozarto-submit ${e.detail.pspType} ${e.detail.amount}`)}
      onMozartoCreated={(e) => onEvent(`mozarto-created ${e.detail.transactionId}`)}
      onMozartoRedirect={(e) => onEvent(`mozarto-redirect ${e.detail.transactionId}`)}
      onMozartoComplete={(e) => onEvent(`mozarto-complete ${e.detail.status}`)}
      onMozartoError={(e) => onEvent(`mozarto-error ${e.detail.code}`)}
    />
  );
}

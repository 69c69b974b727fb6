// The cashier through mozarto-cashier/react: properties as properties, the events as React props.
import { MozartoCashier } from 'mozarto-cashier/react';

export interface CashierProps {
  show: string;
  transaction?: string;
  onEvent: (line: string) => void;
}

export function Cashier({ show, transaction, onEvent }: CashierProps) {
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

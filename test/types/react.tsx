// React 19: the JSX intrinsic element with typed props and on<event> handlers (mozarto-cashier/react).
import 'mozarto-cashier/define';
import 'mozarto-cashier/react';
import type { FinalStatus } from 'mozarto-cashier';

export function Cashier({ email, settle }: { email: string; settle: (status: FinalStatus) => void }) {
  return (
    <mozarto-cashier
      endpoint="/api/cashier"
      type="payout"
      currency="EUR"
      credentials="include"
      allowHosts="pay.example.com"
      redirect-target="top"
      prefill={{ email }}
      onmozarto-complete={(e) => settle(e.detail.status)}
      onmozarto-error={(e) => console.warn(e.detail.code, e.detail.retryable)}
      onmozarto-submit={(e) => e.detail.amount.length > 100 && e.preventDefault()}
    />
  );
}

// @ts-expect-error `type` is payin or payout
export const wrongType = <mozarto-cashier type="deposit" />;
// @ts-expect-error a complete event's detail has no `amount`
export const wrongDetail = <mozarto-cashier onmozarto-complete={(e) => e.detail.amount} />;

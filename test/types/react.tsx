// React 19: the `MozartoCashier` wrapper (@lit/react) with typed props and `onMozarto…` event props,
// and the plain JSX intrinsic element with `onmozarto-*` handlers (mozarto-cashier/react).
import { useRef } from 'react';
import 'mozarto-cashier/define';
import { MozartoCashier, type MozartoCashierElement } from 'mozarto-cashier/react';
import type { FinalStatus } from 'mozarto-cashier';

export function Wrapped({ email, settle }: { email: string; settle: (status: FinalStatus) => void }) {
  const ref = useRef<MozartoCashierElement>(null);
  return (
    <MozartoCashier
      ref={ref}
      endpoint="/api/cashier"
      type="payout"
      currency="EUR"
      credentials="include"
      view="history"
      allowHosts="pay.example.com"
      redirectTarget="top"
      prefill={{ email }}
      messages={{ 'action.withdraw': 'Cash out {amount}' }}
      className="cashier"
      onMozartoComplete={(e) => settle(e.detail.status)}
      onMozartoError={(e) => console.warn(e.detail.code, e.detail.retryable)}
      onMozartoSubmit={(e) => e.detail.amount.length > 100 && e.preventDefault()}
      onMozartoRedirect={(e) => e.detail.url.startsWith('https:')}
    />
  );
}

// @ts-expect-error a misspelt event prop: the wrapper's props are camel-case, so tsc checks every name
export const misspelt = <MozartoCashier onMozartoCompelte={() => undefined} />;
// @ts-expect-error a complete event's detail has no `amount`
export const wrongWrappedDetail = <MozartoCashier onMozartoComplete={(e) => e.detail.amount} />;
// @ts-expect-error `view` is `history` or absent
export const wrongView = <MozartoCashier view="histroy" />;
// @ts-expect-error `credentials` is `same-origin` or `include`: `omit` would never send the session
export const omitCredentials = <MozartoCashier credentials="omit" />;

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
// @ts-expect-error `view` is `history` or absent
export const wrongPlainView = <mozarto-cashier view="histroy" />;
// @ts-expect-error `credentials` is `same-origin` or `include`
export const omitPlainCredentials = <mozarto-cashier credentials="omit" />;
// A hyphenated JSX name is never checked by TypeScript (microsoft/TypeScript#32447), so on the
// plain tag a misspelt handler that reads its event fails only because its `e` is untyped; one
// that ignores it passes. The wrapper's `onMozarto…` props above are checked.
// @ts-expect-error `e` implicitly has an 'any' type: `onmozarto-compelte` is no event of the element
export const misspeltPlain = <mozarto-cashier onmozarto-compelte={(e) => e.detail.status} />;

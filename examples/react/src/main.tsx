import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
// The element as a React component (@lit/react): it registers the tag, sets `prefill` as a
// property and takes the events as typed props — through server rendering and hydration too.
import { MozartoCashier } from 'mozarto-cashier/react';
import type { FinalStatus, MozartoErrorDetail } from 'mozarto-cashier';

function Withdraw({ email }: { email: string }) {
  const [outcome, setOutcome] = useState<FinalStatus | null>(null);
  const [problem, setProblem] = useState<MozartoErrorDetail | null>(null);
  return (
    <section>
      <MozartoCashier
        endpoint="/api/cashier"
        type="payout"
        currency="EUR"
        history
        prefill={{ email }}
        onMozartoComplete={(e) => setOutcome(e.detail.status)}
        onMozartoError={(e) => setProblem(e.detail)}
      />
      {outcome && <p>Outcome: {outcome}</p>}
      {problem && <p role="alert">{problem.retryable ? 'Try again' : problem.code}</p>}
    </section>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Withdraw email="ada@example.com" />
  </StrictMode>,
);

import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'mozarto-cashier/define';
import 'mozarto-cashier/react';
import type { FinalStatus, MozartoErrorDetail } from 'mozarto-cashier';

function Withdraw({ email }: { email: string }) {
  const [outcome, setOutcome] = useState<FinalStatus | null>(null);
  const [problem, setProblem] = useState<MozartoErrorDetail | null>(null);
  return (
    <section>
      <mozarto-cashier
        endpoint="/api/cashier"
        type="payout"
        currency="EUR"
        history
        prefill={{ email }}
        onmozarto-complete={(e) => setOutcome(e.detail.status)}
        onmozarto-error={(e) => setProblem(e.detail)}
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

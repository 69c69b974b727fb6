// The shop's page: which cashier it shows comes from `?case=` (tiles, form, history, return).
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Cashier } from './Cashier';

const params = new URLSearchParams(location.search);

function Shop() {
  const [events, setEvents] = useState<string[]>([]);
  return (
    <main>
      <h1>Vite + React shop</h1>
      <Cashier
        show={params.get('case') ?? 'tiles'}
        transaction={params.get('tx') ?? undefined}
        onEvent={(line) => {
          console.info(`shop: ${line}`);
          setEvents((all) => [...all, line]);
        }}
      />
      <ol id="events">
        {events.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
      </ol>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Shop />);

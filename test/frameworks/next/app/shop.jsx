'use client';
// The shop's client component: the cashier and the events its own handlers received.
import { useState } from 'react';
import { Cashier } from './cashier';

export function Shop({ show, transaction }) {
  const [events, setEvents] = useState([]);
  return (
    <>
      <Cashier
        show={show}
        transaction={transaction}
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
    </>
  );
}

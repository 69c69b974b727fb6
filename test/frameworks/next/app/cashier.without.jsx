'use client';
// The same page without the widget: the framework test builds with this in place of cashier.jsx
// to measure what the widget adds.
export function Cashier() {
  return <div />;
}

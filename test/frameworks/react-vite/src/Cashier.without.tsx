// The same page without the widget: the framework test builds with this in place of Cashier.tsx
// to measure what the widget adds.
export function Cashier(_: { show: string; transaction?: string; onEvent: (line: string) => void }) {
  return <div />;
}

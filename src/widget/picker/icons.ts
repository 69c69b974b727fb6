/**
 * The tiles' icons: one simple line drawing per kind of method, our own, no brand marks, as an
 * SVG path on a 24-unit grid. They travel with the picker, loaded on demand (../parts.ts).
 */
const paths: Readonly<Record<string, string>> = {
  card: 'M3 6h18v12H3zM3 10h18M6 15h4',
  bank: 'M3 10l9-6 9 6zM5 10v8M9.5 10v8M14.5 10v8M19 10v8M3 20h18',
  interac: 'M4 8h15l-3-3M20 16H5l3 3',
  crypto: 'M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 8l4 2.2v3.6L12 16l-4-2.2v-3.6z',
  voucher: 'M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4zM14 7v10',
  open_banking: 'M13 3L5 13h6l-1 8 8-10h-6z',
  // any other kind
  '': 'M4 7h16v11H4zM4 7l2-3h12l2 3M15 12.5h2',
};
export default paths;

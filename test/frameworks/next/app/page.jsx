// A Server Component: rendered on the server for each request (it reads the query), then
// hydrated. Which cashier it shows comes from `?case=` (tiles, form, history, return).
import { Shop } from './shop';

export default async function Page({ searchParams }) {
  const query = await searchParams;
  return (
    <main>
      <h1>Next.js shop</h1>
      <Shop show={query.case ?? 'tiles'} transaction={query.tx} />
    </main>
  );
}

// The trap: a Server Component that imports the define entry and renders the plain tag. The
// import runs on the server only, so the browser never defines the element; under React's
// `react-server` condition the package says so on the server's console.
import 'mozarto-cashier/define';

export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <h1>Server Component</h1>
      <mozarto-cashier endpoint="/api/cashier" psp="PAYONE"></mozarto-cashier>
    </main>
  );
}

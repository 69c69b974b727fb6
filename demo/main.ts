import '../src/define.js';

const cashier = document.querySelector('mozarto-cashier')!;
const log = document.querySelector<HTMLOListElement>('#event-log')!;

// ?type=payout opens the pay-out flow directly (handy for links and tests).
const initial = new URLSearchParams(location.search).get('type');
if (initial === 'payout' || initial === 'payin') {
  cashier.setAttribute('type', initial);
  document.querySelector<HTMLInputElement>(`input[name=flow][value=${initial}]`)!.checked = true;
}

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=flow]')) {
  radio.addEventListener('change', () => {
    // A fresh element per flow: a finished pay-out should not linger when switching.
    const next = cashier.cloneNode() as HTMLElement;
    next.setAttribute('type', radio.value);
    document.querySelector('mozarto-cashier')!.replaceWith(next);
    listen(next);
  });
}

const EVENTS = ['mozarto-submit', 'mozarto-created', 'mozarto-redirect', 'mozarto-status', 'mozarto-complete', 'mozarto-error'];

function listen(el: Element) {
  for (const name of EVENTS) {
    el.addEventListener(name, (event) => {
      const item = document.createElement('li');
      item.textContent = `${name} ${JSON.stringify((event as CustomEvent).detail)}`;
      log.prepend(item);
    });
  }
}
listen(cashier);

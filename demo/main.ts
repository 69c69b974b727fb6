import '../src/define.js';
import { applyTheme, mountControls, mountSnippet, readChoices, rememberChoices, type Choices } from './workbench.js';

// The live workbench: the real proxy and sandbox behind /api/cashier (demo/vite-plugin.ts).
// Provider, flow, currency and locale make a fresh element; theme changes restyle it live.
const stage = document.querySelector<HTMLElement>('#stage')!;
const log = document.querySelector<HTMLOListElement>('#event-log')!;
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

function mount(c: Choices) {
  const next = document.createElement('mozarto-cashier');
  next.id = 'cashier';
  next.endpoint = '/api/cashier';
  if (c.methods === 'one') next.setAttribute('psp', c.psp);
  else if (c.layout === 'grid') next.setAttribute('layout', 'grid');
  if (c.history === 'tab') next.setAttribute('history', '');
  if (c.history === 'only') next.setAttribute('view', 'history');
  next.setAttribute('type', c.flow);
  next.setAttribute('currency', c.currency);
  if (c.locale) next.setAttribute('locale', c.locale);
  // "Follow the system" is the widget's opt-in; light is its default.
  if (c.scheme === 'system') next.setAttribute('scheme', 'auto');
  document.querySelector('mozarto-cashier')!.replaceWith(next);
  listen(next);
}

const showSnippet = mountSnippet(document.querySelector('#snippet')!);
const choices = mountControls(document.querySelector('#controls')!, readChoices(), (c, what) => {
  applyTheme(stage, c);
  showSnippet(c);
  if (what === 'widget') mount(c);
});
applyTheme(stage, choices);
showSnippet(choices);
mount(choices);
rememberChoices();

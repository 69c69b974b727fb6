/**
 * The gallery's states and its fake endpoint. Every state is reached through the widget's public
 * surface only: attributes, `prefill`, a submit of its form, the cancelable `mozarto-redirect`
 * event, and a gallery-only stand-in for the merchant's proxy (`installGalleryEndpoint`) that
 * answers each state's requests. Shared by demo/gallery.ts, the screenshots script and the
 * accessibility test (test/widget/gallery-a11y.test.ts).
 */
import { BUILT_IN_FORMS } from '../src/core/forms.js';
import { DESCRIPTIONS_EN, type DescriptionKey } from '../src/core/messages/descriptions.js';
import type { FieldDef, Flow, PspForm } from '../src/core/psp/types.js';
import { fieldsFor, validateField } from '../src/core/validate.js';
import type { MozartoCashier } from '../src/widget/mozarto-cashier.js';

/**
 * Base URL of the fake endpoint; `${GALLERY_ENDPOINT}/<scenario>` is one widget's `endpoint`, and
 * `<scenario>~<pspType>~<flow>` also tells it what a status answer names (a card's "paid with").
 */
export const GALLERY_ENDPOINT = '/__gallery';

/** What the fake endpoint answers for one widget. */
export type Scenario =
  | 'form'
  | 'submitting'
  | 'redirecting'
  | 'processing'
  | 'stalled'
  | 'awaiting_approval'
  | 'approved'
  | 'declined'
  | 'failed'
  | 'rejected'
  | 'network'
  | 'unavailable'
  /** Each method with its range, a fee and quick amounts. */
  | 'fees'
  /** The player's history: a pending and an awaiting-approval pay-out, finished ones. */
  | 'history'
  | 'unknown'
  | 'review'
  | 'refused_balance'
  | 'refused_limit'
  | 'refused_excluded'
  | 'refused_verification'
  | 'refused_method';

export interface GalleryState {
  readonly id: string;
  readonly title: string;
  readonly scenario: Scenario;
  /** Prefill valid sample values, or values that fail validation. */
  readonly fill?: 'valid' | 'invalid';
  /** Submit the form once it shows. */
  readonly submit?: boolean;
  /** No `psp` attribute: the player first picks one of the enabled methods. */
  readonly picker?: boolean;
  /** Resume a transaction (a return page) instead of showing the form. */
  readonly resume?: boolean;
  /** The widget's `data-state`(s) that mean the state is showing. */
  readonly until: string | readonly string[];
  /** And the status panel's `data-status`, when it matters. */
  readonly status?: string;
  /** The widget's `give-up-after`, in seconds. */
  readonly giveUpAfter?: number;
  /** The tiles' `layout`. */
  readonly layout?: 'grid';
  /** `view="history"`: the history instead of the cashier. */
  readonly view?: 'history';
}

export const STATES: readonly GalleryState[] = [
  { id: 'picker', title: 'Choose a method', scenario: 'form', picker: true, until: 'editing' },
  { id: 'tiles-grid', title: 'Methods as a grid, with ranges and fees', scenario: 'fees', picker: true, layout: 'grid', until: 'editing' },
  { id: 'fees', title: 'Range, fee, quick amounts', scenario: 'fees', fill: 'valid', until: 'editing' },
  { id: 'history', title: 'History (pending pay-outs first)', scenario: 'history', view: 'history', until: ['editing', 'idle'] },
  { id: 'empty', title: 'Empty', scenario: 'form', until: 'editing' },
  { id: 'filled', title: 'Filled', scenario: 'form', fill: 'valid', until: 'editing' },
  { id: 'errors', title: 'Field errors', scenario: 'form', fill: 'invalid', submit: true, until: 'editing' },
  { id: 'unavailable', title: 'Provider unavailable', scenario: 'unavailable', fill: 'valid', submit: true, until: 'editing' },
  { id: 'submitting', title: 'Submitting', scenario: 'submitting', fill: 'valid', submit: true, until: 'submitting' },
  { id: 'redirecting', title: 'Redirecting', scenario: 'redirecting', fill: 'valid', submit: true, until: 'redirecting' },
  { id: 'processing', title: 'Processing', scenario: 'processing', fill: 'valid', submit: true, until: 'processing', status: 'pending' },
  {
    id: 'stalled',
    title: 'Still processing',
    scenario: 'stalled',
    resume: true,
    giveUpAfter: 0.3,
    until: ['processing', 'awaiting-approval'],
    status: 'stalled',
  },
  {
    id: 'awaiting',
    title: 'Awaiting approval',
    scenario: 'awaiting_approval',
    resume: true,
    until: ['awaiting-approval', 'processing'],
    status: 'awaiting_approval',
  },
  { id: 'approved', title: 'Approved', scenario: 'approved', resume: true, until: 'done' },
  { id: 'declined', title: 'Declined', scenario: 'declined', resume: true, until: 'done' },
  { id: 'failed', title: 'Failed', scenario: 'failed', resume: true, until: 'done' },
  { id: 'rejected', title: 'Rejected', scenario: 'rejected', resume: true, until: 'done' },
  { id: 'network', title: 'Network error', scenario: 'network', until: 'error' },
  { id: 'unknown', title: 'Confirming (outcome unknown)', scenario: 'unknown', fill: 'valid', submit: true, until: 'processing', status: 'unknown' },
  { id: 'review', title: 'Under review', scenario: 'review', resume: true, until: 'done', status: 'review' },
  { id: 'refused-balance', title: 'Refused: balance', scenario: 'refused_balance', fill: 'valid', submit: true, until: 'error', status: 'refused' },
  { id: 'refused-limit', title: 'Refused: limit reached', scenario: 'refused_limit', fill: 'valid', submit: true, until: 'error', status: 'refused' },
  { id: 'refused-excluded', title: 'Refused: self-excluded', scenario: 'refused_excluded', fill: 'valid', submit: true, until: 'error', status: 'refused' },
  {
    id: 'refused-verification',
    title: 'Refused: verification required',
    scenario: 'refused_verification',
    fill: 'valid',
    submit: true,
    until: 'error',
    status: 'refused',
  },
  { id: 'refused-method', title: 'Refused: method unavailable', scenario: 'refused_method', fill: 'valid', submit: true, until: 'error', status: 'refused' },
];

/** The providers (from the catalog, never a fixed list) that support a flow. */
export function providersFor(flow: Flow): PspForm[] {
  return BUILT_IN_FORMS.filter((d) => d.flows[flow]);
}

const method = (d: PspForm) => ({
  pspType: d.pspType,
  name: d.name,
  description: DESCRIPTIONS_EN[d.description as DescriptionKey],
  currencies: [...d.currencies],
});
const CONFIG = {
  version: 1,
  methods: { payin: providersFor('payin').map(method), payout: providersFor('payout').map(method) },
  limits: { min: '1.00', max: '10000.00' },
};

/** The same methods, each with a range, a fee and quick amounts (the proxy's `limits`, `fees`, `amountPresets`). */
const FEES_CONFIG = {
  ...CONFIG,
  methods: Object.fromEntries(
    Object.entries(CONFIG.methods).map(([flow, list]) => [
      flow,
      list.map((m, i) => ({
        ...m,
        limits: { min: '10.00', max: i % 2 ? '500.00' : '2000.00' },
        fee: i % 2 ? { percent: '1.5', min: '0.50' } : { fixed: '0.30', percent: '2.9' },
        amountPresets: ['25.00', '50.00', '100.00'],
      })),
    ]),
  ),
};

/** A player's history: an awaiting-approval and a pending pay-out (shown first), then finished ones, newest first. */
const HISTORY = (now: number) => {
  const at = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const row = (n: number, type: Flow, status: string, pspType: string, amount: string, currency: string, minutes: number) => ({
    transactionId: `tx_gallery_history_${n}`,
    status,
    type,
    pspType,
    amount,
    currency,
    createdAt: at(minutes),
    updatedAt: at(minutes),
  });
  return {
    transactions: [
      row(1, 'payin', 'approved', 'PAYONE', '50.00', 'EUR', 5),
      row(2, 'payout', 'awaiting_approval', 'GIGADAT', '120.00', 'CAD', 60),
      row(3, 'payin', 'declined', 'FLEXEPIN', '20.00', 'EUR', 180),
      row(4, 'payout', 'pending', 'FORUMPAY', '300.00', 'USD', 1440),
      row(5, 'payout', 'approved', 'PAYONE', '75.00', 'EUR', 2880),
    ],
    nextCursor: 'gallery-page-2',
  };
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const FINAL = new Set<string>(['approved', 'declined', 'failed', 'rejected', 'review']);
/** The merchant's refusals (proxy `authorize`), as the proxy answers them. */
const REFUSALS: Record<string, Record<string, string>> = {
  refused_balance: { reason: 'insufficient_balance' },
  refused_limit: { reason: 'limit_reached', remaining: '50.00', resetsAt: '2030-01-01T00:00:00.000Z' },
  refused_excluded: { reason: 'self_excluded' },
  refused_verification: { reason: 'verification_required' },
  refused_method: { reason: 'method_unavailable' },
};

/** Answers one request of the fake endpoint. */
async function answer(segment: string, route: string, method: string): Promise<Response> {
  const [scenario = '', pspType, type] = segment.split('~');
  if (scenario === 'network') throw new TypeError('Failed to fetch');
  const updatedAt = new Date().toISOString();
  if (method === 'GET' && route === 'config') return json(scenario === 'fees' ? FEES_CONFIG : CONFIG);
  if (method === 'GET' && route.startsWith('transactions?')) return json(HISTORY(Date.now()));
  if (method === 'POST' && route === 'transactions') {
    const transactionId = `tx_gallery_${scenario}`;
    switch (scenario) {
      case 'submitting':
        return new Promise<Response>(() => {}); // the answer never comes
      case 'unavailable':
        return json({ error: { code: 'psp_unavailable', message: 'Provider unavailable', retryable: true } }, 503);
      case 'redirecting':
        return json({ transactionId, status: 'pending', outcome: 'redirect', redirectUrl: 'https://pay.example.com/hosted/tx_gallery' }, 201);
      case 'unknown':
        return json({ transactionId, status: 'unknown', outcome: 'await' }, 202);
      case 'refused_balance':
      case 'refused_limit':
      case 'refused_excluded':
      case 'refused_verification':
      case 'refused_method':
        return json({ error: { code: 'refused', message: 'Refused by the merchant', retryable: false, refusal: REFUSALS[scenario] } }, 422);
      default:
        return json({ transactionId, status: 'pending', outcome: 'await' }, 201);
    }
  }
  const tx = /^transactions\/([^/]+)$/.exec(route);
  if (method === 'GET' && tx) {
    const status =
      FINAL.has(scenario) || scenario === 'awaiting_approval' || scenario === 'unknown'
        ? scenario
        : scenario === 'history'
          ? tx[1]!.endsWith('_2')
            ? 'awaiting_approval'
            : 'pending'
          : 'pending';
    // What the proxy's status answer carries (the amounts of ADR 0019), so a card shows what moved.
    return json({ transactionId: decodeURIComponent(tx[1]!), status, type, pspType, amount: '25.00', fee: '0.00', total: '25.00', currency: 'EUR', updatedAt });
  }
  return json({ error: { code: 'not_found', message: 'Not found', retryable: false } }, 404);
}

/**
 * The fake endpoint has no push channel: its `EventSource` fails before any message, as a proxy
 * without the route would, and the widget polls instead.
 */
class NoPushChannel extends EventTarget {
  readonly readyState = 2;
  onerror: ((e: Event) => void) | null = null;
  constructor() {
    super();
    setTimeout(() => this.onerror?.(new Event('error')));
  }
  close(): void {}
}

/**
 * Replaces `window.fetch` (and `EventSource`) for URLs under GALLERY_ENDPOINT, others pass
 * through; returns an undo.
 */
export function installGalleryEndpoint(): () => void {
  const realSource = window.EventSource;
  window.EventSource = function (url: string | URL, init?: EventSourceInit) {
    if (new URL(String(url), location.href).pathname.startsWith(`${GALLERY_ENDPOINT}/`)) return new NoPushChannel();
    return new realSource(url, init);
  } as unknown as typeof EventSource;
  const real = window.fetch;
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!url.pathname.startsWith(`${GALLERY_ENDPOINT}/`)) return real(input, init);
    const [scenario = '', ...rest] = url.pathname.slice(GALLERY_ENDPOINT.length + 1).split('/');
    return answer(scenario, rest.join('/') + url.search, (init.method ?? 'GET').toUpperCase());
  };
  return () => {
    window.fetch = real;
    window.EventSource = realSource;
  };
}

// Sample values: the first candidate the field's own schema accepts (valid) or refuses (invalid),
// so providers added to the catalog later get sensible values without touching the gallery.
const VALID_CANDIDATES = [
  'Ada',
  'Lovelace',
  'ada@example.com',
  '+49 151 1234 5678',
  '6045551234',
  '4111111111111111',
  '1234567890123456',
  '12/30',
  '123',
  'DE89370400440532013000',
  'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
  '0x52908400098527886E0F7030069857D2E4169EE7',
  'A1B2C3D4E5',
  '10115',
  'Berlin',
  '1 Main Street',
  'DE',
  'CA',
  '1990-01-31',
  '1',
];
const INVALID_CANDIDATES = ['ada@', '12', 'x!', '!', ''];

/** What a player would type, by the field's `autocomplete`, tried before the generic candidates. */
const BY_AUTOCOMPLETE: Readonly<Record<string, string>> = {
  'given-name': 'Ada',
  'family-name': 'Lovelace',
  name: 'Ada Lovelace',
  'cc-name': 'Ada Lovelace',
  email: 'ada@example.com',
  'address-line1': '1 Main Street',
  'address-level2': 'Toronto',
  'postal-code': 'M5V 2T6',
  bday: '1990-01-31',
};

export function sampleValue(field: FieldDef, valid: boolean): string {
  const preferred = valid ? BY_AUTOCOMPLETE[field.input?.autocomplete ?? ''] : undefined;
  for (const c of [...(preferred ? [preferred] : []), ...(valid ? VALID_CANDIDATES : INVALID_CANDIDATES)]) {
    if (validateField(field, c).ok === valid) return c;
  }
  return '';
}

export interface RenderOptions {
  readonly psp: string;
  readonly flow: Flow;
  readonly locale?: string;
  /** Maximum wait for the state, in ms. */
  readonly timeout?: number;
}

/** The widget's flow state, read from its `data-state`. */
export const stateOf = (el: Element): string | undefined => el.shadowRoot?.querySelector<HTMLElement>('[part~="base"]')?.dataset.state;

async function until(check: () => boolean, timeout: number, what: string, el?: Element): Promise<void> {
  const end = performance.now() + timeout;
  while (!check()) {
    if (performance.now() > end) throw new Error(`gallery: timed out waiting for ${what} (data-state=${el && stateOf(el)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Builds one `<mozarto-cashier>` in `state`, appends it to `host` and resolves once the state
 * shows. The tag must be defined (import src/define.ts or src/widget/define.ts first).
 */
export async function renderState(state: GalleryState, options: RenderOptions, host: Element): Promise<MozartoCashier> {
  const def = BUILT_IN_FORMS.find((d) => d.pspType === options.psp);
  if (!def) throw new Error(`gallery: unknown provider ${options.psp}`);
  const el = document.createElement('mozarto-cashier');
  el.endpoint = `${GALLERY_ENDPOINT}/${state.scenario}~${def.pspType}~${options.flow}`;
  if (!state.picker) el.psp = def.pspType;
  el.type = options.flow;
  if (options.locale) el.locale = options.locale;
  if (state.resume) el.transaction = `tx_gallery_${state.id}`;
  if (state.giveUpAfter) el.giveUpAfter = state.giveUpAfter;
  if (state.layout) el.layout = state.layout;
  // The merchant's pages a refusal links to (its next step, and the responsible-gambling page).
  if (state.scenario.startsWith('refused')) {
    el.verificationUrl = 'https://casino.example/account/verify';
    el.limitsUrl = 'https://casino.example/safer-gambling';
  }
  if (state.view) el.view = state.view;
  if (state.fill) {
    const prefill: Record<string, string> = {};
    for (const f of fieldsFor(def, options.flow, ['user'])) prefill[f.name] = sampleValue(f, state.fill === 'valid');
    el.prefill = prefill;
    el.amount = state.fill === 'valid' ? '25.00' : '0.001';
  }
  // Show "Redirecting" without leaving the page: the event is cancelable for exactly this.
  el.addEventListener('mozarto-redirect', (e) => e.preventDefault());
  host.append(el);
  const timeout = options.timeout ?? 5000;
  const ready = () =>
    [state.until].flat().includes(stateOf(el) ?? '') &&
    (!state.status || el.shadowRoot!.querySelector<HTMLElement>('[part~="status"]')?.dataset.status === state.status) &&
    (!state.picker || !!el.shadowRoot!.querySelector('[part~="picker"]')) &&
    (!state.view || !!el.shadowRoot!.querySelector('[part~="history-row"]')) &&
    (state.scenario !== 'fees' || !!el.shadowRoot!.querySelector('[part~="range"], [part~="summary"]')) &&
    (state.id !== 'errors' || !!el.shadowRoot!.querySelector('[part~="field"] [part~="error"]')) &&
    (state.id !== 'unavailable' || !!el.shadowRoot!.querySelector('[part~="form-error"]'));
  if (state.submit) {
    // A reload may resume a transaction the tab was watching (the widget remembers it): then
    // the state is already showing and there is nothing to submit.
    await until(() => stateOf(el) === 'editing' || ready(), timeout, `${state.id}: the form`, el);
    if (!ready()) el.shadowRoot!.querySelector('form')!.requestSubmit();
  }
  await until(ready, timeout, `${state.id}: ${state.until}`, el);
  await el.updateComplete;
  return el;
}

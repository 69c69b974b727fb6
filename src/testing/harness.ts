/**
 * `mozarto-cashier/testing`: drives a `<mozarto-cashier>` the way a player does (find fields by
 * their visible label, type, leave, submit, read the state and what is on screen), for the
 * merchant's own browser tests, with any test runner: it needs only the DOM.
 */
import type { MozartoCashier } from '../widget/mozarto-cashier.js';

type Control = HTMLInputElement | HTMLSelectElement;

export class CashierHarness {
  constructor(readonly el: MozartoCashier) {}

  get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  /** Waits until every pending render is done. */
  async settle(): Promise<void> {
    await this.el.updateComplete;
    await this.el.updateComplete;
  }

  /** The current flow state (`data-state` on the root). */
  state(): string | null {
    return this.root.querySelector('[data-state]')?.getAttribute('data-state') ?? null;
  }

  /** Waits until the flow is in `state` (`editing`, `processing`, `done`…). */
  async until(state: string, timeout = 4000): Promise<void> {
    if (!(await waitFor(() => this.state() === state, timeout))) throw new Error(`Expected state ${state}, still ${this.state()} after ${timeout} ms`);
    await this.settle();
  }

  /** The custom states set on the element (`:state(done)`, `:state(approved)`…) among `names`. */
  states(names: readonly string[] = CUSTOM_STATES): string[] {
    return names.filter((n) => {
      try {
        return this.el.matches(`:state(${n})`);
      } catch {
        return false; // an engine without :state() selectors
      }
    });
  }

  labels(): string[] {
    return [...this.root.querySelectorAll('label')].map((l) => l.textContent!.trim());
  }

  /** The control whose `<label>` reads exactly `label`. */
  control(label: string): Control {
    const found = [...this.root.querySelectorAll('label')].find((l) => l.textContent!.trim() === label);
    const control = found?.control;
    if (!control) throw new Error(`No field labelled "${label}" (labels: ${this.labels().join(', ')})`);
    return control as Control;
  }

  value(label: string): string {
    return this.control(label).value;
  }

  /** Types into a field without leaving it. */
  async type(label: string, value: string): Promise<void> {
    const c = this.control(label);
    c.focus();
    c.value = value;
    c.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await this.settle();
  }

  /** Moves focus out of the field. */
  async leave(label: string): Promise<void> {
    this.control(label).blur();
    await this.settle();
  }

  /** Types into a field, then leaves it. */
  async fill(label: string, value: string): Promise<void> {
    await this.type(label, value);
    await this.leave(label);
  }

  async fillAll(values: Readonly<Record<string, string>>): Promise<void> {
    for (const [label, value] of Object.entries(values)) await this.fill(label, value);
  }

  async choose(label: string, value: string): Promise<void> {
    const c = this.control(label);
    c.value = value;
    c.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await this.settle();
  }

  submitButton(): HTMLButtonElement {
    return this.root.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  }

  /** Clicks the main button. */
  async submit(): Promise<void> {
    this.submitButton().click();
    await this.settle();
  }

  /** Presses Enter in a field (implicit submission). */
  async pressEnter(label: string): Promise<void> {
    const c = this.control(label);
    c.focus();
    (c as HTMLInputElement).form!.requestSubmit();
    await this.settle();
  }

  /** The error shown for a field, through its `aria-describedby`; null when none. */
  error(label: string): string | null {
    const c = this.control(label);
    const ids = (c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    for (const id of ids) {
      const node = this.root.getElementById(id);
      if (node?.matches('[part~="error"]')) return node.textContent!.trim();
    }
    return null;
  }

  invalid(label: string): boolean {
    return this.control(label).getAttribute('aria-invalid') === 'true';
  }

  /** Every field error on screen. */
  errors(): string[] {
    return [...this.root.querySelectorAll('.field [part~="error"]')].map((e) => e.textContent!.trim());
  }

  /** The error above the button; null when none. */
  formError(): string | null {
    return this.root.querySelector('[part~="form-error"] p')?.textContent?.trim() ?? null;
  }

  /** The label of the field that has focus. */
  focusedLabel(): string | null {
    const active = this.root.activeElement as Control | null;
    return active?.labels?.[0]?.textContent?.trim() ?? null;
  }

  /** The polite live region's text. */
  announcement(): string {
    return this.root.querySelector('[aria-live="polite"]')!.textContent!.trim();
  }

  /** The headline of the status panel. */
  message(): string | null {
    return this.root.querySelector('[part~="message"]')?.textContent?.trim() ?? null;
  }

  /** All visible text of the status panel. */
  panelText(): string {
    return (this.root.querySelector('[part~="status"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The button reading `name`, or named so for screen readers (`aria-label`: "Change payment method" on the header's "Change"). */
  button(name: string): HTMLButtonElement | null {
    return [...this.root.querySelectorAll('button')].find((b) => b.textContent!.trim() === name || b.getAttribute('aria-label') === name) ?? null;
  }

  async click(name: string): Promise<void> {
    const b = this.button(name);
    if (!b) throw new Error(`No button "${name}"`);
    b.click();
    await this.settle();
  }

  link(): HTMLAnchorElement | null {
    return this.root.querySelector('a[part~="link"]');
  }

  /** Replaces the element's navigation; returns the URLs it was asked to open. */
  stubNavigate(): string[] {
    const urls: string[] = [];
    (this.el as unknown as { navigate(url: string): void }).navigate = (url) => urls.push(url);
    return urls;
  }

  /** Shortens polling for tests. */
  fastPolling(ms = 20): void {
    (this.el as unknown as { pollTiming: object }).pollTiming = { initialDelay: ms, maxDelay: ms, jitter: 0 };
  }
}

/** The Payone form filled with valid data, by label (English). */
export const VALID = {
  'First name': 'Ada',
  'Last name': 'Lovelace',
  Email: 'ada@example.com',
  'Phone number': '+49 151 1234-5678',
  Amount: '100',
} as const;

/** Every custom state the element may set (custom-elements.json lists them too). */
export const CUSTOM_STATES = [
  'idle',
  'editing',
  'submitting',
  'redirecting',
  'processing',
  'awaiting-approval',
  'done',
  'error',
  'approved',
  'declined',
  'failed',
  'rejected',
  'review',
] as const;

/** Polls `check` every `interval` ms (50, as @open-wc's waitUntil) until it holds (true) or `timeout` ms pass (false). */
export async function waitFor(check: () => boolean, timeout = 4000, interval = 50): Promise<boolean> {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, interval));
  }
  return true;
}

/**
 * The harness for the first `<mozarto-cashier>` in `root` (or `root` itself), once it shows
 * `state` (default `editing`: the form is ready to fill).
 */
export async function cashierIn(root: ParentNode | Element = document, state = 'editing', timeout = 4000): Promise<CashierHarness> {
  const el = root instanceof Element && root.localName === 'mozarto-cashier' ? (root as MozartoCashier) : root.querySelector('mozarto-cashier');
  if (!el) throw new Error('No <mozarto-cashier> found');
  const h = new CashierHarness(el);
  await h.until(state, timeout);
  return h;
}

/**
 * The shipped harness (mozarto-cashier/testing, src/testing), plus what only this repository's
 * tests use: rendering a Lit template with @open-wc's fixture.
 */
import { fixture } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { cashierIn, type CashierHarness } from '../../src/testing/index.js';

export { CashierHarness, VALID } from '../../src/testing/index.js';

/** Renders a template holding one cashier (possibly wrapped) and waits for `state`. */
export async function renderCashier(template: TemplateResult, state = 'editing'): Promise<CashierHarness> {
  return cashierIn(await fixture<HTMLElement>(template), state);
}

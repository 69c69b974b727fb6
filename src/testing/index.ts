/**
 * `mozarto-cashier/testing`: test helpers for pages that embed the widget, as component
 * libraries ship harnesses beside their components. In a browser test (any runner):
 *
 *   const proxy = fakeProxy();                 // answers the widget's calls, records them
 *   const h = await cashierIn(document);       // the harness, once the form shows
 *   await h.fillAll({ Email: 'ada@example.com', Amount: '25' });
 *   await h.submit();
 *   proxy.restore();
 *
 * Registers no element: import `mozarto-cashier/define` (or the script bundle) for the tag.
 */
export { CashierHarness, CUSTOM_STATES, VALID, cashierIn, waitFor } from './harness.js';
export {
  CONFIG,
  awaitOutcome,
  created,
  errorAnswer,
  fakeProxy,
  txStatus,
  type Answer,
  type FakeProxy,
  type FakeStream,
  type RecordedRequest,
} from './fake-proxy.js';

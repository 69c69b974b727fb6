// The widget's `mozarto-*` events on HTMLElementEventMap (src/widget/events.ts) for every test:
// the tests see the widget through its declarations, where only an import loads the augmentation.
export type {} from '../../src/widget/events.js';

// Angular: CUSTOM_ELEMENTS_SCHEMA, then these types for the element and its events (mozarto-cashier/angular).
import type { MozartoCashierElement, MozartoCashierEvent } from 'mozarto-cashier/angular';

export class CheckoutComponent {
  cashier?: MozartoCashierElement;
  done(event: MozartoCashierEvent<'mozarto-complete'>): string {
    if (this.cashier) this.cashier.prefill = { email: 'ada@example.com' };
    return event.detail.status;
  }
}

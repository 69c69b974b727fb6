// The README's Angular pattern: CUSTOM_ELEMENTS_SCHEMA, property bindings and (event) bindings
// typed with mozarto-cashier/angular.
import { Component, CUSTOM_ELEMENTS_SCHEMA, input, output } from '@angular/core';
import 'mozarto-cashier/define';
import type { MozartoCashierEvent } from 'mozarto-cashier/angular';

@Component({
  selector: 'shop-cashier',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<mozarto-cashier
    endpoint="/api/cashier"
    currency="EUR"
    [psp]="show() === 'form' ? 'PAYONE' : undefined"
    [view]="show() === 'history' ? 'history' : undefined"
    [transaction]="show() === 'return' ? transaction() : undefined"
    [prefill]="prefill"
    (mozarto-submit)="submitted($event)"
    (mozarto-created)="created($event)"
    (mozarto-redirect)="redirected($event)"
    (mozarto-complete)="completed($event)"
    (mozarto-error)="failed($event)"
  ></mozarto-cashier>`,
})
export class Cashier {
  readonly show = input.required<string>();
  readonly transaction = input<string>();
  readonly event = output<string>();
  readonly prefill = { email: 'ada@example.com' };

  submitted(e: MozartoCashierEvent<'mozarto-submit'>): void {
    this.event.emit(`mozarto-submit ${e.detail.pspType} ${e.detail.amount}`);
  }
  created(e: MozartoCashierEvent<'mozarto-created'>): void {
    this.event.emit(`mozarto-created ${e.detail.transactionId}`);
  }
  redirected(e: MozartoCashierEvent<'mozarto-redirect'>): void {
    this.event.emit(`mozarto-redirect ${e.detail.transactionId}`);
  }
  completed(e: MozartoCashierEvent<'mozarto-complete'>): void {
    this.event.emit(`mozarto-complete ${e.detail.status}`);
  }
  failed(e: MozartoCashierEvent<'mozarto-error'>): void {
    this.event.emit(`mozarto-error ${e.detail.code}`);
  }
}

// The same page without the widget: the framework test builds with this in place of cashier.ts
// to measure what the widget adds.
import { Component, input, output } from '@angular/core';

@Component({ selector: 'shop-cashier', template: `<div [attr.data-show]="show()" [attr.data-transaction]="transaction()"></div>` })
export class Cashier {
  readonly show = input.required<string>();
  readonly transaction = input<string>();
  readonly event = output<string>();
}

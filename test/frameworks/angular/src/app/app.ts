// The shop's page, prerendered then hydrated. Which cashier it shows comes from `?case=` (tiles,
// form, history, return), read in the browser (the prerendered page has no query).
import { Component, inject, signal } from '@angular/core';
import { PlatformLocation } from '@angular/common';
import { Cashier } from './cashier';

@Component({
  selector: 'shop-root',
  imports: [Cashier],
  template: `<main>
    <h1>Angular shop</h1>
    <shop-cashier [show]="show" [transaction]="transaction" (event)="log($event)" />
    <ol id="events">
      @for (e of events(); track $index) {
        <li>{{ e }}</li>
      }
    </ol>
  </main>`,
})
export class App {
  readonly #query = new URLSearchParams(inject(PlatformLocation).search);
  readonly show = this.#query.get('case') ?? 'tiles';
  readonly transaction = this.#query.get('tx') ?? undefined;
  readonly events = signal<string[]>([]);

  log(line: string): void {
    console.info(`shop: ${line}`);
    this.events.update((all) => [...all, line]);
  }
}

/**
 * The reactive base under `<mozarto-cashier>` (src/widget/base-element.ts) keeps Lit's semantics
 * the element relies on: attributes → properties (text, Number, removal), state without
 * attributes, one batched render per microtask, willUpdate's changes joining the same render,
 * `updated` with the previous values, properties set before the upgrade, updateComplete, and one
 * stylesheet shared by every instance.
 */
import { expect } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit/html.js';
import { BaseElement, css, type Changed, type PropertyOptions } from '../../src/widget/base-element.js';

let n = 0;
/** A fresh tag per test: customElements.define cannot be undone. */
function defineProbe() {
  const tag = `base-probe-${++n}`;
  class Probe extends BaseElement {
    static override properties: Readonly<Record<string, PropertyOptions>> = {
      label: {},
      giveUp: { attribute: 'give-up', type: Number },
      data: { attribute: false },
      count: { state: true },
      derived: { state: true },
    };
    static override styles = [css`:host { display: block; color: rgb(1, 2, 3); }`];
    declare label?: string;
    declare giveUp?: number;
    declare data?: unknown;
    declare count: number;
    declare derived?: string;
    renders = 0;
    willUpdates: Changed[] = [];
    updates: Changed[] = [];
    constructor() {
      super();
      this.count = 0;
    }
    protected override willUpdate(changed: Changed): void {
      this.willUpdates.push(new Map(changed));
      if (changed.has('label')) this.derived = `[${this.label}]`;
    }
    protected override updated(changed: Changed): void {
      this.updates.push(new Map(changed));
    }
    protected render(): TemplateResult {
      this.renders++;
      return html`<p>${this.label} ${this.derived} ${this.count}</p>`;
    }
  }
  customElements.define(tag, Probe);
  return { tag, Probe };
}

const text = (el: Element) => el.shadowRoot!.querySelector('p')!.textContent!.replace(/\s+/g, ' ').trim();

describe('BaseElement', () => {
  let host: HTMLElement;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => host.remove());

  it('observes only the attributes of non-state properties, under their attribute names', () => {
    const { Probe } = defineProbe();
    expect((Probe as unknown as { observedAttributes: string[] }).observedAttributes).to.deep.equal(['label', 'give-up']);
  });

  it('maps attributes to properties: text as is, Number converted, removal to null', async () => {
    const { tag } = defineProbe();
    host.innerHTML = `<${tag} label="Hi" give-up="30"></${tag}>`;
    const el = host.firstElementChild as InstanceType<ReturnType<typeof defineProbe>['Probe']>;
    await el.updateComplete;
    expect(el.label).to.equal('Hi');
    expect(el.giveUp).to.equal(30);
    el.setAttribute('give-up', 'x');
    expect(Number.isNaN(el.giveUp)).to.equal(true);
    el.removeAttribute('label');
    expect(el.label).to.equal(null);
  });

  it('renders once per microtask however many properties change, with willUpdate changes in the same render', async () => {
    const { tag } = defineProbe();
    const el = document.createElement(tag) as InstanceType<ReturnType<typeof defineProbe>['Probe']>;
    host.append(el);
    await el.updateComplete;
    expect(el.renders).to.equal(1);
    el.label = 'a';
    el.count = 1;
    el.count = 2;
    expect(el.renders).to.equal(1);
    expect(await el.updateComplete).to.equal(true);
    expect(el.renders).to.equal(2);
    expect(text(el)).to.equal('a [a] 2');
    // the old values: label was undefined, count was 0 before this render
    const changed = el.updates.at(-1)!;
    expect([...changed.keys()].sort()).to.deep.equal(['count', 'derived', 'label']);
    expect(changed.get('count')).to.equal(0);
    expect(changed.get('label')).to.equal(undefined);
  });

  it('does not render for a value equal to the current one (NaN included)', async () => {
    const { tag } = defineProbe();
    const el = document.createElement(tag) as InstanceType<ReturnType<typeof defineProbe>['Probe']>;
    host.append(el);
    el.giveUp = NaN;
    await el.updateComplete;
    const renders = el.renders;
    el.giveUp = NaN;
    el.count = 0;
    await el.updateComplete;
    expect(el.renders).to.equal(renders);
  });

  it('waits for the first connection before rendering', async () => {
    const { tag } = defineProbe();
    const el = document.createElement(tag) as InstanceType<ReturnType<typeof defineProbe>['Probe']>;
    el.label = 'x';
    await new Promise((r) => setTimeout(r, 10));
    expect(el.renders).to.equal(0);
    expect(el.shadowRoot).to.equal(null);
    host.append(el);
    await el.updateComplete;
    expect(el.renders).to.equal(1);
    expect(text(el)).to.equal('x [x] 0');
  });

  it('keeps properties set on the element before its tag was defined', async () => {
    const tag = `base-probe-${++n}`;
    const el = document.createElement(tag) as HTMLElement & { label?: string; data?: unknown };
    el.label = 'early';
    el.data = { a: 1 };
    host.append(el);
    class Late extends BaseElement {
      static override properties: Readonly<Record<string, PropertyOptions>> = { label: {}, data: { attribute: false } };
      declare label?: string;
      declare data?: unknown;
      protected render() {
        return html`<p>${this.label} ${JSON.stringify(this.data)}</p>`;
      }
    }
    customElements.define(tag, Late);
    const late = el as unknown as Late;
    await late.updateComplete;
    expect(Object.hasOwn(el, 'label')).to.equal(false);
    expect(late.label).to.equal('early');
    expect(text(el)).to.equal('early {"a":1}');
  });

  it('reports false from updateComplete when the render asked for another, and the next settles true', async () => {
    const { tag } = defineProbe();
    const el = document.createElement(tag) as InstanceType<ReturnType<typeof defineProbe>['Probe']>;
    host.append(el);
    await el.updateComplete;
    const original = el.updates.push.bind(el.updates);
    el.updates.push = (c: Changed) => {
      if (el.count < 3) el.count++;
      return original(c);
    };
    el.count = 1;
    expect(await el.updateComplete).to.equal(false);
    while (!(await el.updateComplete));
    expect(el.count).to.equal(3);
    expect(text(el)).to.equal('3');
  });

  it('shares one constructed stylesheet among instances', async () => {
    const { tag } = defineProbe();
    host.innerHTML = `<${tag}></${tag}><${tag}></${tag}>`;
    const [a, b] = [...host.children] as HTMLElement[];
    await (a as unknown as BaseElement).updateComplete;
    await (b as unknown as BaseElement).updateComplete;
    expect(a!.shadowRoot!.adoptedStyleSheets).to.have.length(1);
    expect(a!.shadowRoot!.adoptedStyleSheets[0]).to.equal(b!.shadowRoot!.adoptedStyleSheets[0]);
    expect(getComputedStyle(a!).color).to.equal('rgb(1, 2, 3)');
  });
});

/**
 * The reactive base of `<mozarto-cashier>`: Lit's templates (lit-html) on a small custom element
 * instead of `LitElement`. Lit's ReactiveElement, LitElement and css-tag weigh ~3 KB gzip of the
 * script tag's 20 KB budget (issue 7, scripts/size-budget.mjs), and this element uses a sliver of
 * them: string and number attributes mapped to properties, internal state, one batched render
 * per microtask with `willUpdate`/`updated` around it, `updateComplete`, and one shared
 * constructed stylesheet. The semantics below are Lit's, so the element reads as a LitElement
 * would (docs/adr/0006-reactive-base.md).
 */
import { render, type TemplateResult } from 'lit/html.js';

export interface PropertyOptions {
  /** The attribute's name (default: the property's name in lower case); `false` for none. */
  readonly attribute?: string | false;
  /** `Number` converts the attribute's text; otherwise the property is the text itself. */
  readonly type?: NumberConstructor;
  /** Internal state: no attribute. */
  readonly state?: boolean;
}

/** The properties changed since the last render, with their previous values. */
export type Changed = Map<PropertyKey, unknown>;

/** Lit's `css` for this base: the text of a stylesheet, interpolations included. */
export const css = (strings: TemplateStringsArray, ...values: readonly string[]): string => String.raw(strings, ...values);

const attributeOf = (name: string, options: PropertyOptions) =>
  options.state || options.attribute === false ? undefined : (options.attribute ?? name.toLowerCase());

const sheets = new WeakMap<object, CSSStyleSheet>();

export abstract class BaseElement extends HTMLElement {
  static properties: Readonly<Record<string, PropertyOptions>> = {};
  static styles: readonly string[] = [];

  /** Called by `customElements.define`: installs an accessor per property, names the attributes. */
  static get observedAttributes(): string[] {
    const attributes: string[] = [];
    for (const [name, options] of Object.entries(this.properties)) {
      Object.defineProperty(this.prototype, name, {
        get(this: BaseElement) {
          return this.#values.get(name);
        },
        set(this: BaseElement, value: unknown) {
          const old = this.#values.get(name);
          // Lit's `notEqual`: a change, and not NaN for NaN.
          if (old === value || (old !== old && value !== value)) return;
          this.#values.set(name, value);
          this.requestUpdate(name, old);
        },
        configurable: true,
      });
      const attribute = attributeOf(name, options);
      if (attribute) attributes.push(attribute);
    }
    return attributes;
  }

  /** The shadow root the template renders into (created on first connection). */
  renderRoot!: ShadowRoot;
  /** True once the first render is done. */
  hasUpdated = false;

  #values = new Map<string, unknown>();
  /** Set before the upgrade (`el.prefill = …` ahead of the script): applied on the first update. */
  #early = new Map<string, unknown>();
  #changed: Changed = new Map();
  #pending = false;
  #enable!: () => void;
  #enabled = new Promise<void>((resolve) => (this.#enable = resolve));
  #done: Promise<boolean> = Promise.resolve(true);

  constructor() {
    super();
    for (const name of Object.keys((this.constructor as typeof BaseElement).properties)) {
      if (Object.hasOwn(this, name)) {
        this.#early.set(name, (this as unknown as Record<string, unknown>)[name]);
        delete (this as unknown as Record<string, unknown>)[name];
      }
    }
    this.requestUpdate();
  }

  connectedCallback(): void {
    if (!this.renderRoot) {
      const root = (this.renderRoot = this.attachShadow({ mode: 'open' }));
      const ctor = this.constructor as typeof BaseElement;
      // Constructable stylesheets: Safari 16.4+, like the :has() and :dir() the styles use.
      let sheet = sheets.get(ctor);
      if (!sheet) sheets.set(ctor, (sheet = new CSSStyleSheet())), sheet.replaceSync(ctor.styles.join(''));
      root.adoptedStyleSheets = [sheet];
    }
    this.#enable();
  }

  disconnectedCallback(): void {}

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    for (const [name, options] of Object.entries((this.constructor as typeof BaseElement).properties)) {
      if (attributeOf(name, options) !== attribute) continue;
      (this as unknown as Record<string, unknown>)[name] = options.type === Number && value !== null ? Number(value) : value;
    }
  }

  /** Schedules a render (once per microtask); with a name, records that property's old value. */
  requestUpdate(name?: string, old?: unknown): void {
    if (name !== undefined && !this.#changed.has(name)) this.#changed.set(name, old);
    if (this.#pending) return;
    this.#pending = true;
    this.#done = this.#enqueue();
  }

  /** Settles after the pending render; `false` when that render asked for another. */
  get updateComplete(): Promise<boolean> {
    return this.#done;
  }

  async #enqueue(): Promise<boolean> {
    await this.#enabled;
    const changed = this.#changed;
    try {
      for (const [name, value] of this.#early) (this as unknown as Record<string, unknown>)[name] = value;
      this.#early.clear();
      // Changes made in willUpdate join this render, as in Lit.
      this.willUpdate(changed);
    } finally {
      this.#changed = new Map();
      this.#pending = false;
    }
    render(this.render(), this.renderRoot, { host: this });
    this.hasUpdated = true;
    this.updated(changed);
    return !this.#pending;
  }

  protected willUpdate(_changed: Changed): void {}
  protected updated(_changed: Changed): void {}
  protected abstract render(): TemplateResult;
}

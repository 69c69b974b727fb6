/**
 * Templates for the provider's fields, pure functions of what they
 * show (the element owns state and events). Field kinds come from the catalog's input hints:
 * text-like inputs (with `autocomplete`/`inputmode`, e.g. `cc-number`, `cc-exp`, `cc-csc`),
 * `date`, and `select`; fields sharing a `group` (an address) render in one fieldset.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { css } from 'lit';
import type { FieldDef, InputHints } from '../core/psp/types.js';
import type { FieldError } from './form-state.js';
import type { Translate } from './i18n/en.js';

export interface FieldsView {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, FieldError>>;
  readonly t: Translate;
  readonly errorText: (error: FieldError, label: string) => string;
  /** For country names in selects (`Intl.DisplayNames`). */
  readonly locale: string;
}

/** One field to render: a provider's, or the element's own amount and currency. */
export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly hints: InputHints;
  readonly required: boolean;
  readonly options?: readonly string[];
  /** Text beside the input (the fixed currency). */
  readonly suffix?: string;
  /** A quiet line under the input (the amount's range). */
  readonly hint?: string;
}

/** Every field, in catalog order; consecutive fields of one group share a fieldset and legend. */
export function renderFields(fields: readonly FieldDef[], view: FieldsView): TemplateResult[] {
  const out: TemplateResult[] = [];
  for (let i = 0; i < fields.length;) {
    const group = fields[i]!.group;
    let j = i + 1;
    while (group && j < fields.length && fields[j]!.group === group) j++;
    const items = fields.slice(i, j).map((f) => renderField(spec(f, view), view));
    out.push(
      group
        ? html`<fieldset part="fieldset" class="group">
            <legend part="legend">${view.t(group)}</legend>
            ${items}
          </fieldset>`
        : items[0]!,
    );
    i = j;
  }
  return out;
}

const spec = (f: FieldDef, view: FieldsView): FieldSpec => ({
  name: f.name,
  label: f.label ? view.t(f.label) : f.name,
  hints: f.input ?? {},
  required: !f.optional,
  ...(f.options ? { options: f.options } : {}),
});

/**
 * A labelled input or select with its error. A select offers "—" (no choice) while it has no
 * value, and always when it is optional; the currency select, which always has one, offers only
 * currencies.
 */
export function renderField(field: FieldSpec, view: FieldsView): TemplateResult {
  const { name, label, hints, required, suffix, hint } = field;
  const id = `f-${name}`;
  const error = view.errors[name];
  const describedBy = [error ? `e-${name}` : '', suffix ? `s-${name}` : '', hint ? `h-${name}` : ''].filter(Boolean).join(' ') || nothing;
  const value = view.values[name] ?? '';
  const invalid = error ? 'true' : nothing;
  const control = field.options
    ? html`<select part="input select" id=${id} name=${name} ?required=${required} aria-invalid=${invalid} aria-describedby=${describedBy} .value=${value}>
        ${value && required ? nothing : html`<option value="" ?selected=${!value}>—</option>`}
        ${field.options.map((o) => html`<option value=${o} ?selected=${o === value}>${optionText(o, name, view.locale)}</option>`)}
      </select>`
    : html`<input
        part="input"
        id=${id}
        name=${name}
        type=${hints.type ?? 'text'}
        autocomplete=${hints.autocomplete ?? nothing}
        inputmode=${hints.inputmode ?? nothing}
        maxlength=${hints.maxlength ?? nothing}
        placeholder=${hints.placeholder ?? nothing}
        ?required=${required}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
        .value=${value}
      />`;
  return html`<div part="field" class="field">
    <label part="label" for=${id}>${label}</label>
    <div class="control">${control}${suffix ? html`<span part="currency" class="suffix" id="s-${name}">${suffix}</span>` : nothing}</div>
    ${hint ? html`<p part="hint" class="hint" id="h-${name}">${hint}</p>` : nothing}
    ${error ? html`<p part="error" class="error" id="e-${name}">${view.errorText(error, label)}</p>` : nothing}
  </div>`;
}

/** Country codes read as names in the player's language ("Chile (CL)"); other codes as they are. */
function optionText(code: string, name: string, locale: string): string {
  if (!/country/i.test(name)) return code;
  try {
    return `${new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}

/** The few rules the new pieces need; everything else comes from styles.ts. */
export const formStyles = css`
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-block-end: 0.5rem;
  }
  .field .hint {
    font-size: 0.875em;
    color: var(--_text-muted);
  }
  .presets {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .presets [aria-pressed='true'] {
    color: var(--_on-primary);
    background: var(--_primary);
  }
  .field .hint {
    margin: 0;
  }
  .summary {
    display: grid;
    gap: 0.25rem;
    margin: 0;
  }
  .summary div {
    display: flex;
    justify-content: space-between;
  }
  .summary dd {
    margin: 0;
  }
  .summary .total {
    font-weight: 600;
  }
  .back {
    justify-self: start;
  }
`;

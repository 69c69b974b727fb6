/**
 * The designer's controls shared by the demo pages: provider × flow (from the catalog), theme
 * (live `--mozarto-*` custom properties, light/dark, radius, font, density), locale and text
 * direction, and the embed code + CSS they add up to, ready to copy. The choices live in the URL
 * (`?psp=PAYONE&type=payout&locale=fr&dir=rtl&scheme=dark…`) so a state can be shared as a link.
 */
/// <reference types="vite/client" />
import { BUILT_IN_FORMS } from '../src/core/forms.js';
import { isRtl } from '../src/widget/i18n/locales.js';
import type { Flow, PspForm } from '../src/core/psp/types.js';
import { DARK_COLORS, LIGHT_COLORS } from '../src/widget/styles.js';
import { AA_NON_TEXT, AA_TEXT, bestOn, contrast } from './contrast.js';

/**
 * Every language in src/widget/i18n/locales/ (found by Vite, so a new file shows up here with no
 * edit), named in its own language.
 */
const LANGUAGE_FILES = Object.keys(import.meta.glob('../src/widget/i18n/locales/*.ts'))
  .map((path) => /([\w-]+)\.ts$/.exec(path)![1]!)
  .sort();
const nativeName = (code: string) => {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    return `${name[0]!.toLocaleUpperCase(code)}${name.slice(1)}${isRtl(code) ? ' (right to left)' : ''}`;
  } catch {
    return code;
  }
};
export const LOCALES: readonly (readonly [string, string])[] = [
  ['', 'From the page (lang)'],
  ['en', 'English'],
  ...LANGUAGE_FILES.map((code) => [code, nativeName(code)] as const),
];

const FONTS = [
  ['', 'System UI'],
  ["Georgia, 'Times New Roman', serif", 'Serif'],
  ["ui-rounded, 'Nunito', system-ui, sans-serif", 'Rounded'],
  ['ui-monospace, Menlo, Consolas, monospace', 'Monospace'],
] as const;

const DENSITIES = {
  compact: { '--mozarto-spacing': '0.625rem', '--mozarto-font-size': '0.9375rem' },
  comfortable: {},
  spacious: { '--mozarto-spacing': '1.375rem', '--mozarto-font-size': '1.0625rem' },
} as const;

const COLOR_LABELS: Record<keyof typeof LIGHT_COLORS, string> = {
  '--mozarto-color-primary': 'Primary',
  '--mozarto-color-on-primary': 'On primary',
  '--mozarto-color-text': 'Text',
  '--mozarto-color-text-muted': 'Muted text',
  '--mozarto-color-background': 'Background',
  '--mozarto-color-border': 'Border',
  '--mozarto-color-error': 'Error',
  '--mozarto-color-success': 'Success',
};

export type Scheme = 'system' | 'light' | 'dark';

export interface Choices {
  psp: string;
  /** `one`: the chosen provider's form; `tiles`: every method as tiles (no psp attribute). */
  methods: 'one' | 'tiles';
  layout: 'list' | 'grid';
  /** The History tab beside the cashier (`history`), or the history alone (`only`). */
  history: 'off' | 'tab' | 'only';
  flow: Flow;
  currency: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  scheme: Scheme;
  radius: string;
  font: string;
  density: keyof typeof DENSITIES;
  /** Colours the designer changed, by custom property. */
  colors: Partial<Record<keyof typeof LIGHT_COLORS, string>>;
}

export const providers = (flow: Flow): PspForm[] => BUILT_IN_FORMS.filter((d) => d.flows[flow]);
const flowsOf = (def: PspForm | undefined): Flow[] => (['payin', 'payout'] as Flow[]).filter((f) => def?.flows[f]);

/** The choices from the page URL, each falling back to a default that exists in the catalog. */
export function readChoices(search = location.search): Choices {
  const q = new URLSearchParams(search);
  let flow: Flow = q.get('type') === 'payout' ? 'payout' : 'payin';
  let def = BUILT_IN_FORMS.find((d) => d.pspType === q.get('psp')) ?? BUILT_IN_FORMS[0];
  if (def && !def.flows[flow]) flow = flowsOf(def)[0] ?? flow;
  if (!def?.flows[flow]) def = providers(flow)[0];
  const currency = def?.currencies.includes(q.get('currency') ?? '') ? q.get('currency')! : (def?.currencies[0] ?? 'EUR');
  const colors: Choices['colors'] = {};
  for (const name of Object.keys(LIGHT_COLORS) as (keyof typeof LIGHT_COLORS)[]) {
    const v = q.get(name.slice(16));
    if (v && /^#[0-9a-f]{6}$/i.test(v)) colors[name] = v;
  }
  const density = q.get('density');
  return {
    psp: def?.pspType ?? 'PAYONE',
    methods: q.get('methods') === 'tiles' ? 'tiles' : 'one',
    layout: q.get('layout') === 'grid' ? 'grid' : 'list',
    history: q.get('history') === 'tab' || q.get('history') === 'only' ? (q.get('history') as 'tab' | 'only') : 'off',
    flow,
    currency,
    locale: LOCALES.some(([l]) => l === q.get('locale')) ? q.get('locale')! : '',
    dir: q.get('dir') === 'rtl' ? 'rtl' : 'ltr',
    scheme: q.get('scheme') === 'dark' ? 'dark' : q.get('scheme') === 'light' ? 'light' : 'system',
    radius: /^\d+(\.\d+)?$/.test(q.get('radius') ?? '') ? q.get('radius')! : '0.5',
    font: FONTS.some(([f]) => f === q.get('font')) ? q.get('font')! : '',
    density: density === 'compact' || density === 'spacious' ? density : 'comfortable',
    colors,
  };
}

export function writeChoices(c: Choices): void {
  const q = new URLSearchParams();
  q.set('psp', c.psp);
  q.set('type', c.flow);
  q.set('currency', c.currency);
  if (c.methods === 'tiles') q.set('methods', 'tiles');
  if (c.layout === 'grid') q.set('layout', 'grid');
  if (c.history !== 'off') q.set('history', c.history);
  if (c.locale) q.set('locale', c.locale);
  if (c.dir === 'rtl') q.set('dir', 'rtl');
  if (c.scheme !== 'system') q.set('scheme', c.scheme);
  if (c.radius !== '0.5') q.set('radius', c.radius);
  if (c.font) q.set('font', c.font);
  if (c.density !== 'comfortable') q.set('density', c.density);
  for (const [name, v] of Object.entries(c.colors)) q.set(name.slice(16), v);
  history.replaceState(null, '', `${location.pathname}?${q}`);
  rememberChoices();
}

const CHOICES_KEY = 'mozarto-demo:choices';

/** Keeps the page's choices for the return page (the provider sends the player to a fixed URL, without them). */
export function rememberChoices(search = location.search): void {
  try {
    sessionStorage.setItem(CHOICES_KEY, search);
  } catch {
    // storage unavailable: the return page shows the defaults
  }
}

/** The choices the workbench last had in this tab (language, direction, theme…), for the return page. */
export function recalledChoices(): Choices {
  let search = '';
  try {
    search = sessionStorage.getItem(CHOICES_KEY) ?? '';
  } catch {
    // storage unavailable
  }
  return readChoices(search);
}

/** The custom properties the choices set (what the CSS snippet shows). */
export function themeProperties(c: Choices): Record<string, string> {
  const props: Record<string, string> = {};
  // A forced scheme pins the whole palette, so the system's preference cannot mix in.
  if (c.scheme !== 'system') Object.assign(props, c.scheme === 'dark' ? DARK_COLORS : LIGHT_COLORS);
  Object.assign(props, c.colors);
  if (c.radius !== '0.5') props['--mozarto-radius'] = `${c.radius}rem`;
  if (c.font) props['--mozarto-font-family'] = c.font;
  Object.assign(props, DENSITIES[c.density]);
  return props;
}

/** Applies the choices to the element that holds the widgets (custom properties inherit). */
export function applyTheme(stage: HTMLElement, c: Choices): void {
  for (const name of [...stage.style].filter((n) => n.startsWith('--mozarto-'))) stage.style.removeProperty(name);
  for (const [name, v] of Object.entries(themeProperties(c))) stage.style.setProperty(name, v);
  stage.dir = c.dir;
  if (c.locale) stage.lang = c.locale;
  else stage.removeAttribute('lang');
  stage.dataset.scheme = c.scheme;
  // "Follow the system": the page says it follows it (its color-scheme), which the widgets inherit.
  stage.style.colorScheme = c.scheme === 'system' ? 'light dark' : '';
  document.documentElement.dataset.scheme = c.scheme;
}

const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The embed code and CSS for the choices. */
export function snippet(c: Choices, endpoint = '/api/cashier'): { html: string; css: string } {
  const attrs = [`endpoint="${attr(endpoint)}"`, ...(c.methods === 'one' ? [`psp="${c.psp}"`] : []), `type="${c.flow}"`, `currency="${c.currency}"`];
  if (c.methods === 'tiles' && c.layout === 'grid') attrs.push('layout="grid"');
  if (c.history === 'tab') attrs.push('history');
  if (c.history === 'only') attrs.push('view="history"');
  if (c.locale) attrs.push(`locale="${c.locale}"`);
  if (c.dir === 'rtl') attrs.push('dir="rtl"');
  if (c.scheme === 'system') attrs.push('scheme="auto"');
  const locale = c.locale && c.locale !== 'en' ? `\n<!-- ${c.locale}: loaded on demand from locales/${c.locale}.js next to the script -->` : '';
  const html = `<script src="mozarto-cashier.iife.js"></script>${locale}\n<mozarto-cashier ${attrs.join(' ')}></mozarto-cashier>`;
  const props = Object.entries(themeProperties(c));
  const css = props.length
    ? `mozarto-cashier {\n${props.map(([n, v]) => `  ${n}: ${v};`).join('\n')}\n}`
    : '/* No theme: the light defaults (scheme="auto" follows the system). */';
  return { html, css };
}

const option = (value: string, label: string, selected: boolean) => new Option(label, value, selected, selected);

/**
 * Renders the controls into `form` and calls `onChange` with every change: `widget` when the
 * widgets must be made afresh (provider, flow, currency, locale), `theme` when restyling is enough.
 */
export function mountControls(form: HTMLFormElement, initial: Choices, onChange: (c: Choices, what: 'widget' | 'theme') => void): Choices {
  const c: Choices = { ...initial, colors: { ...initial.colors } };
  form.classList.add('wb-controls');
  form.addEventListener('submit', (e) => e.preventDefault());
  form.innerHTML = `
    <fieldset class="wb-group">
      <legend>Provider and flow</legend>
      <label>Provider <select name="psp"></select></label>
      <label>Flow <select name="flow"></select></label>
      <label>Currency <select name="currency"></select></label>
      <label>Methods <select name="methods"><option value="one">A single form</option><option value="tiles">Every method as tiles</option></select></label>
      <label>Tiles <select name="layout"><option value="list">List</option><option value="grid">Grid</option></select></label>
      <label>History <select name="history"><option value="off">None</option><option value="tab">A second tab</option><option value="only">The history alone</option></select></label>
    </fieldset>
    <fieldset class="wb-group">
      <legend>Language</legend>
      <label>Locale <select name="locale"></select></label>
      <label>Direction <select name="dir"><option value="ltr">Left to right</option><option value="rtl">Right to left</option></select></label>
    </fieldset>
    <fieldset class="wb-group">
      <legend>Theme</legend>
      <label>Scheme <select name="scheme"><option value="system">Follow the system</option><option value="light">Light</option><option value="dark">Dark</option></select></label>
      <label>Radius <input name="radius" type="range" min="0" max="1.5" step="0.125" /> <output name="radiusOut"></output></label>
      <label>Font <select name="font"></select></label>
      <label>Density <select name="density"><option value="compact">Compact</option><option value="comfortable">Comfortable</option><option value="spacious">Spacious</option></select></label>
      <div class="wb-colors"></div>
      <button type="button" name="reset">Reset colours</button>
    </fieldset>`;
  const el = <T extends Element>(name: string) => form.elements.namedItem(name) as unknown as T;
  const psp = el<HTMLSelectElement>('psp');
  const flow = el<HTMLSelectElement>('flow');
  const currency = el<HTMLSelectElement>('currency');

  const fillProviderPickers = () => {
    psp.replaceChildren(...BUILT_IN_FORMS.map((d) => option(d.pspType, d.name, d.pspType === c.psp)));
    const def = BUILT_IN_FORMS.find((d) => d.pspType === c.psp);
    flow.replaceChildren(...flowsOf(def).map((f) => option(f, f === 'payin' ? 'Pay-in (deposit)' : 'Pay-out (withdrawal)', f === c.flow)));
    currency.replaceChildren(...(def?.currencies ?? []).map((x) => option(x, x, x === c.currency)));
  };
  fillProviderPickers();
  el<HTMLSelectElement>('locale').replaceChildren(...LOCALES.map(([v, l]) => option(v, l, v === c.locale)));
  el<HTMLSelectElement>('font').replaceChildren(...FONTS.map(([v, l]) => option(v, l, v === c.font)));
  el<HTMLSelectElement>('dir').value = c.dir;
  el<HTMLSelectElement>('methods').value = c.methods;
  el<HTMLSelectElement>('layout').value = c.layout;
  el<HTMLSelectElement>('history').value = c.history;
  el<HTMLSelectElement>('scheme').value = c.scheme;
  el<HTMLSelectElement>('density').value = c.density;
  el<HTMLInputElement>('radius').value = c.radius;
  el<HTMLOutputElement>('radiusOut').value = `${c.radius}rem`;

  const colorsBox = form.querySelector('.wb-colors')!;
  const palette = () => (c.scheme === 'dark' || (c.scheme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches) ? DARK_COLORS : LIGHT_COLORS);
  const drawColors = () => {
    colorsBox.replaceChildren(
      ...(Object.keys(LIGHT_COLORS) as (keyof typeof LIGHT_COLORS)[]).map((name) => {
        const row = document.createElement('div');
        row.className = 'wb-color';
        const label = document.createElement('label');
        const input = Object.assign(document.createElement('input'), { type: 'color', name, value: c.colors[name] ?? palette()[name] });
        label.append(input, ` ${COLOR_LABELS[name]}`);
        const check = Object.assign(document.createElement('output'), { className: 'wb-contrast' });
        check.dataset.for = name;
        row.append(label, check);
        return row;
      }),
    );
    checkContrast();
  };
  /** Beside each colour, its contrast where the widget uses it (WCAG AA), and a better on-primary when the Pay button's text is too faint. */
  const checkContrast = () => {
    const color = (name: keyof typeof LIGHT_COLORS) => c.colors[name] ?? palette()[name];
    const bg = color('--mozarto-color-background');
    const pairs: Partial<Record<keyof typeof LIGHT_COLORS, [string, number, string]>> = {
      '--mozarto-color-primary': [bg, AA_TEXT, 'links on the background'],
      '--mozarto-color-on-primary': [color('--mozarto-color-primary'), AA_TEXT, 'the Pay button’s text'],
      '--mozarto-color-text': [bg, AA_TEXT, 'text'],
      '--mozarto-color-text-muted': [bg, AA_TEXT, 'hints'],
      '--mozarto-color-border': [bg, AA_NON_TEXT, 'input borders'],
      '--mozarto-color-error': [bg, AA_TEXT, 'errors'],
      '--mozarto-color-success': [bg, AA_TEXT, 'the approved headline'],
    };
    for (const out of colorsBox.querySelectorAll<HTMLOutputElement>('output.wb-contrast')) {
      const name = out.dataset.for as keyof typeof LIGHT_COLORS;
      const pair = pairs[name];
      out.replaceChildren();
      if (!pair) continue;
      const [against, need, what] = pair;
      const ratio = contrast(color(name), against);
      const ok = ratio >= need;
      out.dataset.ok = String(ok);
      out.append(`${ratio.toFixed(2)}:1 for ${what} ${ok ? '✓' : `— below ${need}:1`}`);
      if (!ok && name === '--mozarto-color-on-primary') {
        const better = bestOn(against, ['#ffffff', '#000000', LIGHT_COLORS['--mozarto-color-text'], DARK_COLORS['--mozarto-color-on-primary']]);
        const use = Object.assign(document.createElement('button'), {
          type: 'button',
          textContent: `Use ${better} (${contrast(better, against).toFixed(2)}:1)`,
        });
        use.dataset.suggest = better;
        use.addEventListener('click', () => {
          c.colors[name] = better;
          drawColors();
          writeChoices(c);
          onChange(c, 'theme');
        });
        out.append(' ', use);
      }
    }
  };
  drawColors();

  form.addEventListener('input', (event) => {
    const t = event.target as HTMLInputElement | HTMLSelectElement;
    let what: 'widget' | 'theme' = 'theme';
    switch (t.name) {
      case 'psp': {
        c.psp = t.value;
        const def = BUILT_IN_FORMS.find((d) => d.pspType === c.psp)!;
        if (!def.flows[c.flow]) c.flow = flowsOf(def)[0]!;
        if (!def.currencies.includes(c.currency)) c.currency = def.currencies[0]!;
        fillProviderPickers();
        what = 'widget';
        break;
      }
      case 'flow':
        c.flow = t.value as Flow;
        what = 'widget';
        break;
      case 'currency':
        c.currency = t.value;
        what = 'widget';
        break;
      case 'methods':
        c.methods = t.value === 'tiles' ? 'tiles' : 'one';
        what = 'widget';
        break;
      case 'layout':
        c.layout = t.value === 'grid' ? 'grid' : 'list';
        what = 'widget';
        break;
      case 'history':
        c.history = t.value === 'tab' || t.value === 'only' ? t.value : 'off';
        what = 'widget';
        break;
      case 'locale':
        c.locale = t.value;
        // The direction follows the language (Arabic reads right to left); the control still overrides it.
        c.dir = isRtl(t.value || document.documentElement.lang || 'en') ? 'rtl' : 'ltr';
        el<HTMLSelectElement>('dir').value = c.dir;
        what = 'widget';
        break;
      case 'dir':
        c.dir = t.value === 'rtl' ? 'rtl' : 'ltr';
        break;
      case 'scheme':
        c.scheme = t.value as Scheme;
        drawColors();
        what = 'widget'; // "Follow the system" is the element's scheme="auto"
        break;
      case 'radius':
        c.radius = t.value;
        el<HTMLOutputElement>('radiusOut').value = `${t.value}rem`;
        break;
      case 'font':
        c.font = t.value;
        break;
      case 'density':
        c.density = t.value as Choices['density'];
        break;
      default:
        if (t.name in LIGHT_COLORS) c.colors[t.name as keyof typeof LIGHT_COLORS] = t.value;
        checkContrast();
    }
    writeChoices(c);
    onChange(c, what);
  });
  el<HTMLButtonElement>('reset').addEventListener('click', () => {
    c.colors = {};
    drawColors();
    writeChoices(c);
    onChange(c, 'theme');
  });
  return c;
}

/** Shows the snippet for the choices in `box`, with copy buttons. */
export function mountSnippet(box: HTMLElement): (c: Choices) => void {
  box.classList.add('wb-snippet');
  box.innerHTML = `
    <div class="wb-code"><div class="wb-code-head"><h3 id="wb-html">Embed code</h3><button type="button" data-copy="html">Copy embed code</button></div>
      <pre aria-labelledby="wb-html" tabindex="0"><code data-code="html"></code></pre></div>
    <div class="wb-code"><div class="wb-code-head"><h3 id="wb-css">CSS</h3><button type="button" data-copy="css">Copy CSS</button></div>
      <pre aria-labelledby="wb-css" tabindex="0"><code data-code="css"></code></pre></div>
    <p class="wb-copied" role="status" aria-live="polite"></p>`;
  const status = box.querySelector('.wb-copied')!;
  box.addEventListener('click', async (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-copy]');
    if (!button) return;
    const text = box.querySelector(`[data-code="${button.dataset.copy}"]`)!.textContent ?? '';
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = button.dataset.copy === 'css' ? 'CSS copied.' : 'Embed code copied.';
    } catch {
      status.textContent = 'Copy is blocked here: select the text instead.';
    }
  });
  return (c) => {
    const s = snippet(c);
    box.querySelector('[data-code="html"]')!.textContent = s.html;
    box.querySelector('[data-code="css"]')!.textContent = s.css;
  };
}

/**
 * Languages: every shipped locale has exactly English's keys with the same placeholders, renders
 * every gallery state with no message key or placeholder left showing, and is chosen by the
 * `locale` attribute or the nearest `lang`; the merchant's `messages` still win.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { STATES, installGalleryEndpoint, providersFor, renderState } from '../../demo/gallery-states.js';
import type { Flow } from '../../src/core/psp/types.js';
import { ENGLISH as en, isOptional } from '../../src/widget/i18n/english.js';
import { loadLocale, registerLocale } from '../../src/widget/i18n/locales.js';
import type { MozartoCashier } from '../../src/widget/mozarto-cashier.js';
import { CashierHarness } from './harness.js';
import { SHIPPED_LANGUAGES } from './shipped-languages.js';

/** Every language the package ships besides English (src/widget/i18n/locales/). */
const LOCALES = SHIPPED_LANGUAGES;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every text a player can see or hear in the widget: text nodes and accessible attributes. */
function texts(el: MozartoCashier): string[] {
  const root = el.shadowRoot!;
  const out: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent!.trim()) out.push(n.textContent!.trim());
  for (const e of root.querySelectorAll('[aria-label],[title],[placeholder]')) {
    for (const a of ['aria-label', 'title', 'placeholder']) if (e.getAttribute(a)) out.push(e.getAttribute(a)!);
  }
  return out;
}

describe('languages', () => {
  for (const locale of LOCALES) {
    it(`${locale} has every English key (descriptions optional), no other, with the same placeholders`, async () => {
      const { default: messages } = (await import(`../../src/widget/i18n/locales/${locale}.ts`)) as { default: Record<string, string> };
      expect(Object.keys(messages).filter((k) => !(k in en))).to.deep.equal([]);
      expect(Object.keys(en).filter((k) => !(k in messages) && !isOptional(k))).to.deep.equal([]);
      for (const [key, text] of Object.entries(messages)) {
        expect(text.trim(), `${locale} ${key}`).not.to.equal('');
        expect(placeholders(text), `${locale} ${key}`).to.deep.equal(placeholders(en[key]!));
      }
    });
  }

  describe('renders every gallery state with no missing text', () => {
    let restore: () => void;
    let host: HTMLElement;
    beforeEach(() => {
      restore = installGalleryEndpoint();
      host = document.createElement('div');
      document.body.append(host);
    });
    afterEach(() => {
      host.remove();
      restore();
    });
    const englishOnly = new Set<string>(Object.values(en));
    for (const locale of LOCALES) {
      for (const flow of ['payin', 'payout'] as Flow[]) {
        it(`${locale} · ${flow}`, async () => {
          const messages = (await loadLocale(locale)) as Record<string, string>;
          expect(messages, 'locale loads').to.be.an('object');
          const seen: string[] = [];
          for (const state of STATES) {
            const el = await renderState(state, { psp: providersFor(flow)[0]!.pspType, flow, locale }, host);
            for (const t of texts(el)) {
              expect(t, `${state.id}: raw key`).not.to.match(/\b(label|error|action|state|done|summary|psp|limits|fee|history)\.[a-z_.]+\b/);
              expect(t, `${state.id}: placeholder`).not.to.match(/\{\w+\}/);
              seen.push(t);
            }
            el.remove();
          }
          // Texts that are English and not also the same word in this language give the fallback away.
          const same = new Set(
            Object.entries(messages)
              .filter(([k, v]) => v === (en as Record<string, string>)[k])
              .map(([, v]) => v),
          );
          const leaked = seen.filter((t) => englishOnly.has(t) && !same.has(t));
          expect(leaked, 'English texts').to.deep.equal([]);
        });
      }
    }
  });

  describe('choosing the language', () => {
    let restore: () => void;
    beforeEach(() => (restore = installGalleryEndpoint()));
    afterEach(() => restore());
    const form = (lang: string, attrs = '') =>
      fixture<HTMLElement>(
        html`<div lang=${lang}>
          <mozarto-cashier
            endpoint="/__gallery/form"
            psp="PAYONE"
            amount="1000.5"
            currency="EUR"
            locale=${attrs || (undefined as unknown as string)}
          ></mozarto-cashier>
        </div>`,
      ).then(async (root) => {
        const h = new CashierHarness(root.querySelector('mozarto-cashier')!);
        await h.until('editing');
        return h;
      });
    const button = (h: CashierHarness) => h.submitButton().textContent!.trim().replace(/\s/g, ' ');

    // labels()[1]: the first name, after the amount (which comes first).
    it('follows the nearest lang, with amounts through Intl', async () => {
      const h = await form('fr');
      expect(h.labels()[1]).to.equal('Prénom');
      expect(button(h)).to.equal('Payer 1 000,50 €');
    });

    it('a regional tag uses its language (pt-BR → pt) and the region for amounts', async () => {
      const h = await form('pt-BR');
      expect(button(h)).to.equal('Pagar € 1.000,50');
      expect(h.root.querySelector('[part~="base"]')!.getAttribute('lang')).to.equal('pt-BR');
    });

    it('the locale attribute wins over lang', async () => {
      const h = await form('fr', 'de-DE');
      expect(h.labels()[1]).to.equal('Vorname');
      expect(button(h)).to.equal('1.000,50 € zahlen');
    });

    it('ships at least 14 languages, English included', () => {
      expect(new Set(['en', ...LOCALES]).size).to.be.at.least(14);
    });

    for (const [tag, label] of [
      ['fr-CA', 'Prénom'],
      ['pt-BR', 'Nome'],
      ['es-MX', 'Nombre'],
      ['it-IT', 'Nome'],
      ['nl-BE', 'Voornaam'],
      ['pl-PL', 'Imię'],
      ['sv-FI', 'Förnamn'],
      ['fi-FI', 'Etunimi'],
      ['nb-NO', 'Fornavn'],
      ['no', 'Fornavn'],
      ['tr-TR', 'Ad'],
      ['ja-JP', '名'],
    ] as const) {
      it(`the fallback chain: ${tag} speaks its language`, async () => {
        const h = await form(tag);
        await loadLocale(tag);
        await h.settle();
        expect(h.labels()[1]).to.equal(label);
        expect(h.root.querySelector('[part~="base"]')!.getAttribute('lang')).to.equal(tag);
      });
    }

    it('an unknown language falls back to English, with lang="en" for assistive technology', async () => {
      const h = await form('xx');
      expect(h.labels()[1]).to.equal('First name');
      expect(h.root.querySelector('[part~="base"]')!.getAttribute('lang')).to.equal('en');
    });

    it('switching the locale attribute re-renders in the new language', async () => {
      const h = await form('en');
      h.el.setAttribute('locale', 'es');
      await loadLocale('es');
      await h.settle();
      expect(h.labels()[1]).to.equal('Nombre');
    });

    it('a right-to-left language turns the widget around, even on a left-to-right page', async () => {
      const h = await form('en', 'ar');
      const base = h.root.querySelector<HTMLElement>('[part~="base"]')!;
      expect(base.dir).to.equal('rtl');
      expect(getComputedStyle(h.control('الاسم الأول')).direction).to.equal('rtl');
      const french = await form('fr');
      expect(french.root.querySelector<HTMLElement>('[part~="base"]')!.hasAttribute('dir')).to.equal(false);
    });

    it('a page that changes its lang is followed on the next render', async () => {
      const h = await form('en');
      h.el.parentElement!.lang = 'pt';
      h.el.requestUpdate();
      await loadLocale('pt');
      await h.settle();
      expect(h.labels()[1]).to.equal('Nome');
    });

    it('the merchant’s messages override any language', async () => {
      const root = await fixture<HTMLElement>(
        html`<div lang="fr"><mozarto-cashier endpoint="/__gallery/form" psp="PAYONE" .messages=${{ 'label.email': 'Courriel' }}></mozarto-cashier></div>`,
      );
      const h = new CashierHarness(root.querySelector('mozarto-cashier')!);
      await h.until('editing');
      expect(h.labels()).to.include('Courriel');
      expect(h.labels()).to.include('Prénom');
    });

    it('a registered language (partial) is used, English filling the gaps', async () => {
      registerLocale('cs', { 'label.first_name': 'Křestní jméno' });
      const h = await form('cs');
      expect(h.labels().slice(1, 3)).to.deep.equal(['Křestní jméno', 'Last name']);
    });
  });
});

/**
 * Every state of the demo gallery (demo/gallery-states.ts), rendered exactly as the gallery
 * renders it, must pass axe: in English, in French, and in dark mode (the real
 * `prefers-color-scheme: dark`, in gallery-a11y.prefers.test.ts), for the first provider of each flow; the
 * form states also for every provider × flow of the catalog.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { STATES, providersFor, renderState, type GalleryState } from '../../demo/gallery-states.js';
import { galleryHost } from './gallery-host.js';
import { itEveryStatePassesAxe, type GalleryMode } from './gallery-axe.js';
import type { Flow } from '../../src/core/psp/types.js';

describe('gallery: every state passes axe', () => {
  const gallery = galleryHost('30rem');
  let host: HTMLElement;
  beforeEach(() => (host = gallery.host));

  // German in dark mode is in gallery-a11y.prefers.test.ts (WebKit runs it started dark).
  const modes: GalleryMode[] = [
    { name: 'English, light', locale: 'en', dark: false },
    { name: 'French, light', locale: 'fr', dark: false },
    { name: 'Arabic (right to left), light', locale: 'ar', dark: false },
  ];
  for (const flow of ['payin', 'payout'] as Flow[]) {
    for (const mode of flow === 'payin' ? modes : modes.slice(0, 1)) itEveryStatePassesAxe(gallery, flow, mode);
  }

  const announced = async (id: string, flow: Flow, locale = 'en') => {
    const el = await renderState(
      STATES.find((s) => s.id === id)!,
      { psp: providersFor(flow)[0]!.pspType, flow, locale },
      host,
    );
    const region = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    for (let i = 0; i < 50 && !region.textContent!.trim(); i++) await new Promise((r) => setTimeout(r, 10));
    return region.textContent!.trim();
  };
  it('announces every status change in the polite live region', async () => {
    expect(await announced('errors', 'payin')).to.match(/^\d+ fields need attention$/);
    expect(await announced('redirecting', 'payin')).to.match(/^Taking you to .+…$/);
    expect(await announced('processing', 'payout')).to.equal('Processing your withdrawal…');
    expect(await announced('awaiting', 'payout')).to.equal('Your withdrawal is waiting for approval…');
    expect(await announced('approved', 'payin')).to.equal('Payment approved');
    expect(await announced('declined', 'payout', 'fr')).to.equal('Retrait refusé');
    expect(await announced('network', 'payin')).to.equal('We could not reach the server. Check your connection and try again.');
  });

  const formStates = STATES.filter((s) => s.id === 'filled' || s.id === 'errors') as GalleryState[];
  for (const flow of ['payin', 'payout'] as Flow[]) {
    for (const def of providersFor(flow)) {
      for (const state of formStates) {
        it(`${flow} ${def.pspType} · ${state.title}`, async () => {
          const el = await renderState(state, { psp: def.pspType, flow }, host);
          if (state.id === 'errors') expect(el.shadowRoot!.querySelectorAll('[aria-invalid="true"]').length).to.be.greaterThan(0);
          await expect(el).to.be.accessible();
        });
      }
    }
  }
});

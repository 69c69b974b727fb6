import '../src/define.js';
import { STATES, installGalleryEndpoint, renderState } from './gallery-states.js';
import { applyTheme, mountControls, mountSnippet, readChoices, type Choices } from './workbench.js';

installGalleryEndpoint();

const gallery = document.querySelector<HTMLElement>('#gallery')!;
const showSnippet = mountSnippet(document.querySelector('#snippet')!);
let generation = 0;

/** Renders every state for the current provider, flow and locale. */
async function renderAll(c: Choices): Promise<void> {
  const run = ++generation;
  gallery.replaceChildren();
  gallery.setAttribute('aria-busy', 'true');
  await Promise.all(
    STATES.map(async (state) => {
      const figure = document.createElement('figure');
      figure.className = 'gallery-item';
      figure.dataset.state = state.id;
      const caption = document.createElement('figcaption');
      caption.textContent = state.title;
      figure.append(caption);
      gallery.append(figure);
      try {
        await renderState(state, { psp: c.psp, flow: c.flow, locale: c.locale || undefined }, figure);
      } catch (error) {
        if (run === generation) figure.append(Object.assign(document.createElement('p'), { className: 'gallery-problem', textContent: String(error) }));
      }
    }),
  );
  if (run !== generation) return;
  // Submitting a form with errors moves focus into it; the gallery should open at the top.
  (document.activeElement as HTMLElement | null)?.blur();
  for (const el of gallery.querySelectorAll('mozarto-cashier')) (el.shadowRoot?.activeElement as HTMLElement | null)?.blur();
  window.scrollTo(0, 0);
  gallery.setAttribute('aria-busy', 'false');
  document.documentElement.dataset.galleryReady = 'true';
}

const choices = mountControls(document.querySelector('#controls')!, readChoices(), (c, what) => {
  applyTheme(gallery, c);
  showSnippet(c);
  if (what === 'widget') {
    document.documentElement.dataset.galleryReady = 'false';
    void renderAll(c);
  }
});
applyTheme(gallery, choices);
showSnippet(choices);
void renderAll(choices);

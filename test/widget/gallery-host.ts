/**
 * For suites that render the demo gallery's states: the gallery's fake endpoint and a host
 * element of the given max width, installed before each test and removed after it.
 */
import { STATES, installGalleryEndpoint, providersFor, renderState } from '../../demo/gallery-states.js';
import type { Flow } from '../../src/core/psp/types.js';

export function galleryHost(maxWidth: string) {
  let restore: () => void;
  const ctx = {
    host: undefined as unknown as HTMLElement,
    /** The gallery state `id` for the first provider of `flow`, in `host`. */
    render: (id: string, flow: Flow = 'payin', extra: { locale?: string } = {}) =>
      renderState(
        STATES.find((s) => s.id === id)!,
        { psp: providersFor(flow)[0]!.pspType, flow, ...extra },
        ctx.host,
      ),
  };
  beforeEach(() => {
    restore = installGalleryEndpoint();
    ctx.host = document.createElement('div');
    ctx.host.style.maxWidth = maxWidth;
    document.body.append(ctx.host);
  });
  afterEach(() => {
    ctx.host.remove();
    restore();
  });
  return ctx;
}

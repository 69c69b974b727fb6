/** Opening the provider's page, in the window `redirect-target` names. */
import type { RedirectTarget } from './render-status.js';

/** Opens `url` in `target`; false when the browser blocked it (a pop-up blocker, a sandboxed frame). */
export function openPage(url: string, target: RedirectTarget = 'self'): boolean {
  try {
    if (target === 'blank') {
      // No `noopener` feature: with it window.open always returns null and a block is invisible.
      const w = window.open(url, '_blank');
      if (w) w.opener = null;
      return !!w;
    }
    // Cross-origin, a Location only lets `href` be set; a sandboxed frame throws here.
    if (target === 'top' && window.top && window.top !== window) window.top.location.href = url;
    else window.location.assign(url);
    return true;
  } catch {
    return false;
  }
}

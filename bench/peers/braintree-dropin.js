// braintree-web-drop-in, the whole Drop-in UI (its entry registers every payment method it
// supports), bundled by bench/index.mjs like ours: esbuild, minified, iife.
import dropin from 'braintree-web-drop-in';

globalThis.__peer = dropin;

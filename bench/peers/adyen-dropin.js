// @adyen/adyen-web 6 Drop-in with the Card and Redirect payment methods only (tree-shaken
// import, as Adyen documents for v6), bundled by bench/index.mjs like ours: esbuild, minified,
// iife. JavaScript only; Adyen's CSS (dist/es/adyen.css) ships as a separate file.
import { AdyenCheckout, Card, Dropin, Redirect } from '@adyen/adyen-web';

globalThis.__peer = { AdyenCheckout, Dropin, Card, Redirect };

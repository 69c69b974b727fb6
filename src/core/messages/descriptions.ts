/**
 * The built-in providers' English descriptions, by their `description` key: each provider's own
 * (`englishDescription` in its proxy part, src/core/psp/<name>.proxy.ts), gathered here for the
 * proxy's `GET config` and for tests. The widget's bundle carries none of them: it shows the
 * proxy's text unless the player's language or the merchant's `messages` has the key.
 */
import { BUILT_IN_PSPS } from '../catalog.js';
import type { DescriptionKey } from './en.js';

export type { DescriptionKey };

export const DESCRIPTIONS_EN: Readonly<Record<DescriptionKey, string>> = Object.fromEntries(
  BUILT_IN_PSPS.map((d) => [d.description, d.englishDescription ?? '']),
);

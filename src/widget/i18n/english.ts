/**
 * Every English text a language translates, in the one order every language file follows
 * (test/repo/languages.test.ts keeps them in it):
 *
 * 1. the core's (src/core/messages/en.ts): field labels and validation errors, then the texts only
 *    the proxy's checks produce;
 * 2. the widget's own (./en.ts);
 * 3. the result cards' (../result/en.ts), then the history view's (../history/en.ts);
 * 4. the providers' descriptions, in catalog order — the one part a language may leave out: their
 *    English is each provider's own (`englishDescription` in src/core/psp/<name>.proxy.ts) and the
 *    proxy sends it.
 *
 * No bundle imports this list: each text ships where it is used. Tests and tools read it.
 */
import { DESCRIPTIONS_EN } from '../../core/messages/descriptions.js';
import { fieldTexts, serverTexts } from '../../core/messages/en.js';
import { HISTORY_EN } from '../history/en.js';
import { RESULT_EN } from '../result/en.js';
import { en } from './en.js';

export const ENGLISH: Readonly<Record<string, string>> = { ...fieldTexts, ...serverTexts, ...en, ...RESULT_EN, ...HISTORY_EN, ...DESCRIPTIONS_EN };

/** Keys a built-in language may leave out: a provider's description. */
export const isOptional = (key: string): boolean => key in DESCRIPTIONS_EN;

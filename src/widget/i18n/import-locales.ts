/**
 * The ES build's locale loader: each file in `./locales/` becomes its own chunk, fetched the
 * first time a widget needs that language. Installed by the package entries (`src/index.ts`,
 * `src/define.ts`), never by the script-tag bundle, which would inline every chunk.
 */
import type { LocaleMessages } from './locales.js';
import { setLocaleLoader } from './locales.js';

setLocaleLoader((language) =>
  import(`./locales/${language}.ts`).then(
    (m: { default: LocaleMessages }) => m.default,
    () => undefined,
  ),
);

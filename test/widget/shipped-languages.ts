/**
 * Every language the package ships besides English (src/widget/i18n/locales/), for the browser
 * suites that render each one; test/repo/languages.test.ts checks it against the folder.
 */
export const SHIPPED_LANGUAGES = ['fr', 'es', 'de', 'pt', 'ar', 'it', 'nl', 'pl', 'sv', 'fi', 'nb', 'tr', 'ja'] as const;

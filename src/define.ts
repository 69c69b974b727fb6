/** Side-effect entry: registers `<mozarto-cashier>` (tolerates a second registration). */
import './widget/i18n/import-locales.js';
export * from './widget/define.js';

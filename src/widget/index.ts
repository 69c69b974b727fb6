/** The widget's class-only entry: no side effect (import `define.js` to register the tag). */
export { MozartoCashier } from './mozarto-cashier.js';
export { lastTransactionId, LAST_TRANSACTION_KEY } from './resume.js';
export type {
  MozartoSubmitDetail,
  MozartoCreatedDetail,
  MozartoRedirectDetail,
  MozartoStatusDetail,
  MozartoCompleteDetail,
  MozartoErrorDetail,
  MozartoEventDetails,
  MozartoSubmitEvent,
  MozartoCreatedEvent,
  MozartoRedirectEvent,
  MozartoStatusEvent,
  MozartoCompleteEvent,
  MozartoErrorEvent,
} from './events.js';
export type { WidgetMessages, WidgetMessageKey } from './i18n/en.js';
export { registerLocale, setLocaleLoader, type LocaleLoader, type LocaleMessages } from './i18n/locales.js';
export type { WidgetError } from './errors.js';
/** The default palettes (every pair meets WCAG AA), e.g. to theme the page around the widget. */
export { LIGHT_COLORS, DARK_COLORS } from './styles.js';

/**
 * The package's ES entry: the element class (no registration side effect — import
 * `mozarto-cashier/define` for that), its event types, and the pure core for integrators who
 * want to validate or format the same way the widget does.
 */
export * from './widget/index.js';
// Other languages load on demand as chunks (i18n/import-locales.ts); this registers no tag.
import './widget/i18n/import-locales.js';
export {
  Catalog,
  BUILT_IN_PSPS,
  checkRedirectUrl,
  normalizeStatus,
  isFinal,
  parseAmount,
  validateFields,
  ERROR_CODES,
  CONTRACT_VERSION,
} from './core/index.js';
export type {
  ErrorCode,
  Status,
  FinalStatus,
  Flow,
  PspDefinition,
  FieldDef,
  CreateTransactionRequest,
  CreateTransactionResponse,
  TransactionStatusResponse,
  ConfigResponse,
} from './core/index.js';

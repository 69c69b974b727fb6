/**
 * The package's ES entry: the element class (no registration side effect — import
 * `mozarto-cashier/define` for that) and its event types. The pure core (catalog, validation,
 * amounts, statuses) is `mozarto-cashier/core`, which imports no DOM: this entry defines an
 * element class, so it is not for Node, and re-exports the core's types only.
 */
export * from './widget/index.js';
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

/**
 * The history view's English texts. They ship with the view (loaded on demand), not in the main
 * bundle; the languages' files carry their translations like every other key.
 */
export const HISTORY_EN = {
  'history.tab.cashier.payin': 'Deposit',
  'history.tab.cashier.payout': 'Withdraw',
  'history.tab.history': 'History',
  'history.title': 'Your transactions',
  'history.empty': 'No transactions yet.',
  'history.more': 'Show more',
  'history.loading': 'Loading your transactions…',
  'history.payin': 'Deposit',
  'history.payout': 'Withdrawal',
  'history.status.pending': 'Pending',
  'history.status.awaiting_approval': 'Awaiting approval',
  'history.status.unknown': 'Being checked',
  'history.status.approved': 'Approved',
  'history.status.declined': 'Declined',
  'history.status.failed': 'Failed',
  'history.status.rejected': 'Rejected',
  'history.status.review': 'Under review',
  'history.receipt': 'Receipt',
  'history.method': 'Method',
  'history.type': 'Type',
  'history.status': 'Status',
  'history.date': 'Date',
  'history.updated': 'Last update',
  'history.reference': 'Reference',
  'history.print': 'Print receipt',
  'history.back': 'Back to your transactions',
  'receipt.reason': 'Reason',
} as const;

export type HistoryKey = keyof typeof HISTORY_EN;

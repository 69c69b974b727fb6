/** Names only the proxy may set, whichever provider (docs/design.md, "Server-only fields"). */
const SERVER_ONLY = new Set([
  'userId',
  'userIp',
  'kycVerified',
  'blocked',
  'isVelocity',
  'transactionCount',
  'userBalance',
  'partnerName',
  'emailVerification',
  'verificationDate',
]);

export function isServerOnlyField(name: string): boolean {
  return SERVER_ONLY.has(name);
}

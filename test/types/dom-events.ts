// Listeners on the element, on document and on window are typed (HTMLElementEventMap, GlobalEventHandlersEventMap).
import 'mozarto-cashier/define';
import type { ErrorCode, FinalStatus } from 'mozarto-cashier';

const status: FinalStatus[] = [];
const codes: ErrorCode[] = [];
document.addEventListener('mozarto-complete', (e) => status.push(e.detail.status));
window.addEventListener('mozarto-error', (e) => codes.push(e.detail.code));
document.querySelector('mozarto-cashier')?.addEventListener('mozarto-redirect', (e) => e.preventDefault());
document.createElement('mozarto-cashier').endpoint = 'https://pay.shop.example/api/cashier';

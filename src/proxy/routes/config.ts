/**
 * `GET {endpoint}/config` (docs/design.md, "The contract"): the methods this merchant enables per flow,
 * currencies, limits and presets. Not user-specific, so no login is needed to render the form.
 */
import { configResponse } from '../methods.js';
import type { ProxyContext } from '../http/context.js';
import { jsonResponse } from '../http/http.js';

export function handleConfig(ctx: ProxyContext): Response {
  return jsonResponse(200, configResponse(ctx.options.methods));
}

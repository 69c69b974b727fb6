/**
 * What the script-tag bundle leaves out of the provider catalog: the parts only the proxy reads.
 * The widget renders and validates `user` fields; the proxy alone fills `profile`/`server` fields,
 * derives values (`derive`), shapes the body (`toBody`), calls and reads Mozarto per flow (a
 * flow's `type` and `outcome`: the widget only asks which flows exist) and lists what the docs
 * leave out (`gaps`). The catalog stays one declarative file per provider, shared by both; this removes
 * those members and builder calls from the script build's copy (vite.config.ts), saving ~0.6 KB
 * gzip of its 20 KB budget. test/core/script-catalog.test.ts builds the stripped catalog and
 * checks that every provider's user fields are exactly the full catalog's.
 */
import { walkAst, type AstNode as Node } from './ast.js';

/** Members of `PspDefinition` / `FieldDef` only the proxy reads (src/core/psp/types.ts). */
export const PROXY_ONLY_KEYS: readonly string[] = ['derive', 'gaps', 'toBody'];

/** The provider files the strip applies to (src/core/psp/*.ts; either path separator). */
export const PSP_SOURCE = /[\\/]src[\\/]core[\\/]psp[\\/][\w-]+\.ts$/;

/** Builders of fields the proxy fills, never the player (src/core/psp/fields.ts). */
export const PROXY_ONLY_BUILDERS: readonly string[] = ['server', 'profile', 'countryCode', 'gender', 'kycFields'];

const calleeName = (n: Node | null): string | undefined => {
  const call = n?.type === 'SpreadElement' ? (n.argument as Node) : n;
  const callee = call?.type === 'CallExpression' ? (call.callee as Node) : undefined;
  return callee?.type === 'Identifier' ? (callee.name as string) : undefined;
};

/** The source without proxy-only members and builder calls; null when there is none. */
export function stripProxyOnly(code: string, id = 'module.ts'): string | null {
  const cuts: Node[] = [];
  walkAst(id, code, (n) => {
    const key = n.key as Node | undefined;
    if (n.type === 'Property' && key?.type === 'Identifier' && PROXY_ONLY_KEYS.includes(key.name as string)) cuts.push(n);
    // A flow's members (Mozarto's `type`, the `outcome`): the widget reads only which flows exist.
    const value = n.value as Node | undefined;
    if (n.type === 'Property' && key?.type === 'Identifier' && key.name === 'flows' && value?.type === 'ObjectExpression') {
      for (const flow of value.properties as Node[]) {
        const def = flow.value as Node | undefined;
        if (def?.type === 'ObjectExpression') cuts.push(...(def.properties as Node[]));
      }
    }
    if (n.type === 'ArrayExpression') {
      for (const el of n.elements as (Node | null)[]) if (PROXY_ONLY_BUILDERS.includes(calleeName(el) ?? '')) cuts.push(el!);
    }
  });
  if (cuts.length === 0) return null;
  // Outermost cuts only (a call inside a removed member goes with it), last first.
  const outer = cuts.filter((c) => !cuts.some((o) => o !== c && o.start <= c.start && c.end <= o.end));
  let out = code;
  for (const cut of outer.sort((a, b) => b.start - a.start)) {
    const text = out.slice(cut.start, cut.end);
    // The parser's offsets must be this string's: a member starts with its key, a call with its builder.
    if (!/^(\.\.\.)?[A-Za-z]/.test(text)) throw new Error(`stripProxyOnly: unexpected span "${text.slice(0, 20)}" in ${id}`);
    const comma = /^\s*,/.exec(out.slice(cut.end))?.[0].length ?? 0;
    out = out.slice(0, cut.start) + out.slice(cut.end + comma);
  }
  return out;
}

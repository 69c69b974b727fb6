/** The parser's tree, walked by the script-tag build's source transforms (vite.config.ts). */
import { parseSync } from 'vite';

export type AstNode = { type?: string; start: number; end: number; [key: string]: unknown };

/** Calls `visit` on every node of `code`'s tree, parents before children. */
export function walkAst(id: string, code: string, visit: (n: AstNode) => void): void {
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof (node as AstNode).type === 'string') visit(node as AstNode);
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value);
  };
  walk(parseSync(id, code).program);
}

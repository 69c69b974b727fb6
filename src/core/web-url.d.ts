/**
 * The one web-platform global the core uses: WHATWG `URL`, which browsers, Node and edge
 * runtimes all have. Declared here with the members the core reads, so the core compiles with
 * neither the DOM's nor Node's types and any other DOM or Node global fails to resolve. Programs
 * that have the DOM library (tsconfig.build.json) leave this file out.
 */
export {};

declare global {
  class URL {
    constructor(url: string, base?: string | URL);
    readonly href: string;
    readonly origin: string;
    readonly protocol: string;
    readonly username: string;
    readonly password: string;
    readonly host: string;
    readonly hostname: string;
    readonly port: string;
    readonly pathname: string;
    readonly search: string;
    readonly hash: string;
    toString(): string;
  }
}

/**
 * Loads an optional peer dependency when it is first needed: the SQLite driver is only for
 * merchants who run the proxy with the embedded store, so a browser-only install of the package
 * never needs it. Missing, it fails with what to install instead of a bare "Cannot find module".
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function optionalPeer<T>(name: string, neededBy: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' && error instanceof Error && error.message.includes(`'${name}'`)) {
      throw new Error(`${neededBy} needs the optional peer dependency "${name}", which is not installed: npm install ${name}`, { cause: error });
    }
    throw error;
  }
}

/** The installed version of a peer (its package.json), for a check before its first use. */
export function peerVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

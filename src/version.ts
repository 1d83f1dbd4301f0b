import { createRequire } from 'node:module';

/** boardpack's version, from its package.json (the same from src/ and from dist/). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

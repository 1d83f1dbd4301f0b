import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** boardpack's version, from its package.json (the same from src/ and from dist/). */
export const VERSION: string = (require('../package.json') as { version: string }).version;

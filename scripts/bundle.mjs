// Bundles the command line (dist/cli/main.js and everything it loads) into one CommonJS file,
// dist/cli/main.cjs, which bin/boardpack.js compiles from V8's code cache (src/cli/compileCache.ts).
// One file compiled from a cache starts ~150 ms sooner than ~400 modules resolved, read and
// compiled one by one (measured with `npm run bench`).
//
// - Each module keeps its own import.meta.url: templates, fonts, package.json and the chart worker
//   are found from the file that names them.
// - `const require = createRequire(import.meta.url)` becomes CommonJS's own require, so that what
//   it loads (pdfmake's classes the layout hooks wrap, pdfkit, fontkit) is bundled too, and the
//   hooks wrap the very copies the bundle draws with.
// - pdfkit reads its standard fonts' metrics from data/ beside it: copied beside the bundle.
// - The chart worker (dist/chart/worker.js, for packs of 120 charts or more) is not bundled.
// - chartjs-node-canvas and canvas (`charts --format png`) are optional peers, and canvas a native
//   module: never bundled, required at run time from node_modules (src/chart/png.ts), so the
//   bundle builds and runs without them.
import { cpSync, readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}dist/cli/main.cjs`;
const REQUIRE = 'const require = createRequire(import.meta.url);';

const modules = {
  name: 'boardpack-modules',
  setup(b) {
    b.onLoad({ filter: /\.(c|m)?js$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      if (!contents.includes('import.meta.url')) return undefined;
      if (contents.includes(REQUIRE)) contents = contents.replace(REQUIRE, '');
      const from = relative(dirname(outfile), args.path).split('\\').join('/');
      return { contents: contents.replaceAll('import.meta.url', `__moduleUrl(${JSON.stringify(from)})`), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  // import() becomes require(): a script compiled from a code cache has no loader for import().
  supported: { 'dynamic-import': false },
  banner: {
    js: "const __moduleUrl = (p) => require('node:url').pathToFileURL(require('node:path').join(__dirname, p)).href;",
  },
  plugins: [modules],
  external: ['chartjs-node-canvas', 'canvas'],
  // Smaller to hold in memory and to hash; names are kept, and main.cjs.map turns a position in a
  // trace back into the file it came from.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'external',
  sourcesContent: false,
  logLevel: 'warning',
});
cpSync(`${root}node_modules/pdfkit/js/data`, `${root}dist/cli/data`, { recursive: true });

// The loader the bin requires before the bundle (CommonJS too, so the bin needs no ES module loader).
await build({
  entryPoints: [`${root}src/cli/compileCache.ts`],
  outfile: `${root}dist/cli/compileCache.cjs`,
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  logLevel: 'warning',
});

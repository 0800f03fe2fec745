// Bundles the dashboard into the jar's resources: one script, one style sheet, one page; no CDN, works offline.
// Output: ../../../target/classes/io/jfairing/metadata/ui (or the folder given as the first argument).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? resolve(here, '../../../target/classes/io/jfairing/metadata/ui'));
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [resolve(here, 'src/main.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  outfile: resolve(out, 'app.js'),
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync(resolve(here, 'index.html'), resolve(out, 'index.html'));
copyFileSync(resolve(here, 'style.css'), resolve(out, 'style.css'));
console.log(`dashboard bundled into ${out}`);

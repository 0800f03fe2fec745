// Builds the jfairing JupyterLab extension during kernel-extensions' Maven build, with the system node and npm:
//   node maven-build.mjs CORE_PACKAGE_JSON WORK_DIR OUTPUT_DIR
// copies these sources to WORK_DIR, installs them with `npm ci` from the committed lock file, compiles them (tsc) and
// bundles them as a prebuilt extension (@jupyter/builder) against CORE_PACKAGE_JSON (JupyterLab's shared packages),
// then puts the result (package.json and static/) in OUTPUT_DIR/<package name>/, the layout of a Jupyter data
// folder's labextensions/. A build whose inputs have not changed since the last one (same hash) is reused.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [core, work, output] = process.argv.slice(2).map(p => p && resolve(p));
if (!core || !work || !output) {
  console.error('usage: node maven-build.mjs CORE_PACKAGE_JSON WORK_DIR OUTPUT_DIR');
  process.exit(2);
}
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`the jfairing JupyterLab extension needs node 20.19 or later to build (this is ${process.version}); `
    + 'install NodeSource\'s node 20 or 22, or build with -Dlabextension.skip (the kernel then installs no panel)');
  process.exit(1);
}
const sources = dirname(fileURLToPath(import.meta.url));
const generated = new Set(['node_modules', 'lib', 'labextension']);

function inputs(dir) {
  return readdirSync(dir).sort().flatMap(name => {
    const path = join(dir, name);
    if (dir === sources && generated.has(name)) {
      return [];
    }
    return statSync(path).isDirectory() ? inputs(path) : [path];
  });
}

const files = inputs(sources);
const sha = createHash('sha256');
for (const file of files) {
  sha.update(relative(sources, file)).update(readFileSync(file));
}
sha.update(readFileSync(core));
const hash = sha.digest('hex');
const marker = join(work, '.jfairing-built');
const built = join(work, 'labextension');

if (!(existsSync(marker) && readFileSync(marker, 'utf8') === hash)) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (const file of files) {
    cpSync(file, join(work, relative(sources, file)));
  }
  const run = (command, args) =>
    execFileSync(command, args, {
      cwd: work,
      stdio: 'inherit',
      env: { ...process.env, npm_config_update_notifier: 'false' }
    });
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  run(process.execPath, ['node_modules/typescript/bin/tsc']);
  run(process.execPath, ['node_modules/@jupyter/builder/lib/build-labextension.js', '--core-package-file', core, '.']);
  writeFileSync(marker, hash);
}

const name = JSON.parse(readFileSync(join(built, 'package.json'), 'utf8')).name;
const target = join(output, name);
rmSync(target, { recursive: true, force: true });
mkdirSync(dirname(target), { recursive: true });
cpSync(built, target, { recursive: true });
console.log(`jfairing JupyterLab extension ${name}: ${relative(process.cwd(), target)}`);

// npm start: transpile what changed (./transpile.js), bundle each app if that changed anything
// (./bundle.js), build the console if its sources changed, then launch the stack in this same
// process, so that the ready time it prints counts the build too.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const module_ = require('node:module');
const path = require('node:path');
const { transpile } = require('./transpile');
const { bundle, COMPILE_CACHE } = require('./bundle');

// The launcher's own modules (the embedded Postgres, the broker, the seed) compiled once, as the apps' bundles are.
module_.enableCompileCache?.(COMPILE_CACHE);

const ROOT = path.resolve(__dirname, '../../..');
const started = Date.now();
const { written, current } = transpile();
console.log(
  `• Build: ${written} files transpiled (${current} current) in ${((Date.now() - started) / 1000).toFixed(1)} s; npm test type-checks`,
);

/** The newest modification time under a folder (0 for none). */
function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs);
  }
  return latest;
}

// The console is served by the gateway from apps/console/dist; Vite rebuilds it only when a source
// file is newer than the last build, so a warm start skips it.
const consoleDir = path.join(ROOT, 'apps/console');
const builtIndex = path.join(consoleDir, 'dist/index.html');
if (!fs.existsSync(builtIndex) || fs.statSync(builtIndex).mtimeMs < newest(consoleDir)) {
  const t = Date.now();
  // vite's exports map leaves out bin/, so find the CLI through its package.json, as npx would.
  const vitePackage = require.resolve('vite/package.json');
  const vite = path.join(path.dirname(vitePackage), require(vitePackage).bin.vite);
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(consoleDir, 'vite.config.mts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: ROOT,
    // A NODE_ENV left in the shell (development, test) would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) {
    console.error('The console did not build (above); the gateway will serve the graph without it.');
  } else {
    console.log(`• Console built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
}
async function main() {
  const t = Date.now();
  if (await bundle()) console.log(`• Bundled the apps for start-up in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  require('../dist/start.js');
}

main().catch((e) => {
  console.error(`Could not bundle the apps: ${e.message}`);
  process.exit(1);
});

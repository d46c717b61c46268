// The bundles `npm start` runs: each app's compiled dist/main.js and everything it requires, from the
// workspace and node_modules, in one rolldown build, beside it as dist/main.bundle.js (so that
// `__dirname`, which the gateway reads its supergraph by, names the same folder), with the code the
// six apps share in chunks under node_modules/.cache. A process that required ~1,900 files one by
// one (resolving, reading and compiling each) now reads a few large ones, which Node's compile cache
// keeps compiled from one start to the next. The input is SWC's output (./transpile.js), so the
// decorator metadata that Nest reads is already there; rolldown only joins modules.
// Plain JavaScript on purpose, like ./transpile.js: it runs before anything is compiled.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const CACHE = path.join(ROOT, 'node_modules/.cache/crm-start');
const STAMP = path.join(CACHE, 'bundled.json');

/** The apps to bundle, from the registry (compiled by ./transpile.js first, hence required late). */
function apps() {
  const { SUBGRAPHS, GATEWAY, WEBHOOK_WORKER } = require('../../../libs/registry/dist/subgraphs.js');
  return [...SUBGRAPHS.map((s) => s.app), WEBHOOK_WORKER.app, GATEWAY.app];
}

/** Node's compile cache for the bundles (set as NODE_COMPILE_CACHE); it checks each file's content itself. */
const COMPILE_CACHE = path.join(CACHE, 'compile-cache');

const bundleOf = (app) => path.join(ROOT, app, 'dist/main.bundle.js');

/**
 * Nest's packages load a few optional dependencies through `createRequire(import.meta.url)`, which
 * no bundler follows: they would be required a second time from node_modules beside the bundled
 * copy (typeorm alone is ~300 files). As the plain `require` of the bundle, rolldown bundles the
 * literal ones and leaves a missing optional package (@nestjs/swagger) to fail inside its try.
 */
const plainRequire = {
  name: 'nest-plain-require',
  transform: {
    filter: { id: /node_modules[\\/]@nestjs[\\/]/, code: 'createRequire(import.meta.url)' },
    handler(code) {
      return code
        .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
        .replace(/createRequire\(import\.meta\.url\)/g, 'require');
    },
  },
};

/** The newest modification time of the compiled files under a folder (0 for none). */
function newestOutput(dir) {
  let latest = 0;
  if (!fs.existsSync(dir)) return latest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newestOutput(file));
    else if (entry.name.endsWith('.js') && entry.name !== 'main.bundle.js') latest = Math.max(latest, fs.statSync(file).mtimeMs);
  }
  return latest;
}

/** What the bundles were built from: every workspace project's dist and the installed packages. */
function inputsStamp() {
  const lock = path.join(ROOT, 'package-lock.json');
  const dists = fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory() && ['apps', 'libs', 'infra'].includes(d.name))
    .flatMap((d) => fs.readdirSync(path.join(ROOT, d.name)).map((p) => path.join(ROOT, d.name, p, 'dist')));
  return { newestOutput: Math.max(...dists.map(newestOutput)), lock: fs.existsSync(lock) ? fs.statSync(lock).mtimeMs : 0 };
}

/** Builds the bundles unless they are current; answers whether it built them. */
async function bundle() {
  const APPS = apps();
  const stamp = inputsStamp();
  const previous = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8') : '';
  if (previous === JSON.stringify(stamp) && APPS.every((app) => fs.existsSync(bundleOf(app)))) return false;
  const { build } = await import('rolldown');
  fs.rmSync(path.join(CACHE, 'chunks'), { recursive: true, force: true });
  await build({
    input: Object.fromEntries(APPS.map((app) => [path.join(app, 'dist/main.bundle'), path.join(ROOT, app, 'dist/main.js')])),
    cwd: ROOT,
    platform: 'node',
    plugins: [plainRequire],
    // Loaded only when traces are exported (libs/observability/src/tracing.ts): left to node_modules.
    external: [/^@opentelemetry\/(sdk-node|exporter-trace-otlp-http)$/],
    // What rolldown warns about is Nest's and Apollo's optional packages (fastify, microservices,
    // websockets...), required inside a try or only when configured: none is used here.
    logLevel: 'silent',
    output: {
      dir: ROOT,
      format: 'cjs',
      entryFileNames: '[name].js',
      chunkFileNames: path.relative(ROOT, path.join(CACHE, 'chunks/[name]-[hash].js')),
    },
  });
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(STAMP, JSON.stringify(stamp));
  return true;
}

module.exports = { bundle, bundleOf, COMPILE_CACHE };

if (require.main === module) {
  const started = Date.now();
  bundle().then(
    (built) => console.log(`• Bundles ${built ? 'built' : 'current'} in ${((Date.now() - started) / 1000).toFixed(1)} s`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

// The build `npm start` runs: every workspace project's TypeScript to JavaScript with SWC, one file
// at a time and only where the source is newer than its output, with no type checking (`npm test`
// type-checks with tsc -b). A whole-workspace tsc build took most of a cold start; this takes
// seconds, and a warm start only compares timestamps. The output has tsc's layout (src/x.ts ->
// dist/x.js), so each package's main, the tests' entry points and a later tsc -b all agree with it.
// Plain JavaScript on purpose: it runs before anything is compiled.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');

// As tsconfig.base.json compiles: ES2022, CommonJS, legacy decorators with their metadata (Nest's
// dependency injection and GraphQL types read it), class fields defined as tsc does for ES2022, and
// dynamic import() kept, since it loads ES-module packages at run time.
const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: true,
};

/** rootDir and outDir of each project that tsconfig.build.json builds, bench excepted (it builds on its own). */
function projects() {
  const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
  return readJson(path.join(ROOT, 'tsconfig.build.json'))
    .references.map((r) => path.join(ROOT, r.path))
    .filter((config) => config.endsWith('tsconfig.build.json'))
    .map((config) => {
      const dir = path.dirname(config);
      const { compilerOptions } = readJson(config);
      return { src: path.join(dir, compilerOptions.rootDir), out: path.join(dir, compilerOptions.outDir) };
    });
}

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(file);
    else if (/\.ts$/.test(entry.name) && !/\.(d|spec|test-helper)\.ts$/.test(entry.name)) yield file;
  }
}

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** Transpiles what changed; answers how many files were written and how many were current. */
function transpile() {
  const swc = require('@swc/core');
  let written = 0;
  let current = 0;
  for (const { src, out } of projects()) {
    for (const file of sources(src)) {
      const target = path.join(out, path.relative(src, file)).replace(/\.ts$/, '.js');
      if (mtime(target) >= mtime(file)) {
        current++;
        continue;
      }
      const { code, map } = swc.transformFileSync(file, { ...SWC_OPTIONS, filename: file, swcrc: false, configFile: false });
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(`${target}.map`, map);
      fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      written++;
    }
  }
  return { written, current };
}

module.exports = { transpile };

if (require.main === module) {
  const started = Date.now();
  const { written, current } = transpile();
  console.log(`• Transpiled ${written} files (${current} current) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

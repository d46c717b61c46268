// Jest's module loader cannot require() ES modules on Node 20, and NestJS 12 ships as ESM. SWC
// compiles those packages to CommonJS here like our own TypeScript; `import.meta.url` (used only
// with createRequire or fileURLToPath) has no CommonJS form, so it becomes the file's own file: URL.
const { createTransformer } = require('@swc/jest');

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

const swc = createTransformer(swcOptions);

const FILE_URL = "('file://' + encodeURI(__filename).replace(/[?#]/g, encodeURIComponent))";

function patch(source) {
  return source.includes('import.meta.url') ? source.replaceAll('import.meta.url', FILE_URL) : source;
}

module.exports = {
  ...swc,
  process(source, filename, options) {
    return swc.process(patch(source), filename, options);
  },
  processAsync(source, filename, options) {
    return swc.processAsync(patch(source), filename, options);
  },
  getCacheKey(source, filename, options) {
    return swc.getCacheKey(patch(source), filename, options);
  },
};

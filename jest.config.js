const fs = require('node:fs');
const path = require('node:path');

// ES-module-only packages Jest must compile to CommonJS (Jest cannot require() ESM on Node 20).
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', '@borewit'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['infra', 'libs', 'apps'].filter((p) => fs.existsSync(path.join(__dirname, p))).map((p) => `<rootDir>/${p}`),
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/tools/jest/swc-transformer.js' },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testTimeout: 120_000,
};

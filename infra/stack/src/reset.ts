import * as fs from 'node:fs';
import * as path from 'node:path';

// npm run reset: wipes the local stack's data folder (databases, Kafka logs, seed marker, logs).
const ROOT = path.resolve(__dirname, '../../..');
const dataDir = path.resolve(ROOT, process.argv[2] ?? '.data');
for (const lock of ['kafka/broker.lock', 'postgres/postmaster.pid']) {
  const file = path.join(dataDir, lock);
  if (!fs.existsSync(file)) continue;
  const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
  try {
    if (pid) process.kill(pid, 0);
    console.error(`The stack seems to be running (process ${pid} holds ${path.relative(ROOT, file)}); stop it first.`);
    process.exit(1);
  } catch {
    // stale lock: the process is gone
  }
}
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(`Removed ${path.relative(ROOT, dataDir) || dataDir}`);

import * as fs from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@crm/observability';

/**
 * The gateway's supergraph, read from a file and, when `pollMs` > 0, reloaded without a restart
 * when the file's content changes. In Kubernetes the file comes from a ConfigMap mounted as a
 * folder: the kubelet replaces the files by swapping a symlink, which file-system events do not
 * report reliably, so the file is read again every `pollMs` and compared. A supergraph the gateway
 * rejects is logged and the previous one keeps serving; an empty file (mid-update) is ignored.
 */
export function supergraphFromFile(file: string, pollMs: number, logger: Pick<Logger, 'info' | 'error' | 'warn'>): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await fs.promises.readFile(file, 'utf8');
    if (pollMs <= 0) return { supergraphSdl: current };
    let reading = false;
    const reload = async (): Promise<void> => {
      const next = await fs.promises.readFile(file, 'utf8');
      if (next === current || next.trim() === '') return;
      current = next; // a rejected file is reported once, not at every poll
      try {
        update(next);
        logger.info({ file }, 'supergraph reloaded');
      } catch (err) {
        logger.error({ err, file }, 'new supergraph rejected; the previous one keeps serving');
      }
    };
    const timer = setInterval(() => {
      if (reading) return;
      reading = true;
      reload()
        .catch((err: unknown) => logger.warn({ err, file }, 'cannot read the supergraph file; the loaded one keeps serving'))
        .finally(() => (reading = false));
    }, pollMs);
    timer.unref();
    return { supergraphSdl: current, cleanup: async () => clearInterval(timer) };
  };
}

import { Injectable } from '@nestjs/common';

type Check = () => Promise<void>;

const CHECK_TIMEOUT_MS = 2000;

/** Dependencies register how to tell they are usable; /health/ready asks all of them. */
@Injectable()
export class ReadinessRegistry {
  private checks = new Map<string, Check>();

  register(name: string, check: Check): void {
    this.checks.set(name, check);
  }

  async run(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>(
          (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)),
        );
        try {
          await Promise.race([check(), timeout]);
          return [name, 'up'] as const;
        } catch (e) {
          return [name, `down: ${(e as Error).message}`] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return { ready: results.every(([, s]) => s === 'up'), checks: Object.fromEntries(results) };
  }
}

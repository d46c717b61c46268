import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACCESS_MATRIX, DOMAINS, isInternalCaller, ROLES, type Role } from './access';
import { accessMatrixMarkdown } from './access-matrix';

describe('the access matrix', () => {
  it('is the table in the README', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const normalise = (s: string) => s.replace(/[ \t]+/g, ' ').replace(/-{3,}/g, '---');
    expect(normalise(readme)).toContain(normalise(accessMatrixMarkdown()));
  });

  it('gives admin everything, each team its own domain to write, analysts analytics only, partners nothing by role', () => {
    for (const d of DOMAINS) {
      expect(ACCESS_MATRIX[d].read).toContain('admin');
      expect(ACCESS_MATRIX[d].read).not.toContain('partner');
      expect(ACCESS_MATRIX[d].write).not.toContain('partner');
      expect(ACCESS_MATRIX[d].write.every((r) => ACCESS_MATRIX[d].read.includes(r))).toBe(true);
    }
    for (const team of ['sales', 'marketing', 'service'] as const) {
      expect(ACCESS_MATRIX[team].write).toEqual(['admin', team]);
      for (const d of DOMAINS) expect(ACCESS_MATRIX[d].read).toContain(team);
    }
    expect(DOMAINS.filter((d) => ACCESS_MATRIX[d].read.includes('analyst'))).toEqual(['analytics']);
    expect(ACCESS_MATRIX.analytics.write).toEqual([]);
    expect(ROLES).toHaveLength(7);
  });

  it('lets only staff roles use the internal graph: partners, and any role not listed as staff, use their contract endpoint', () => {
    const as = (...roles: string[]) => isInternalCaller({ userId: null, partnerId: null, roles: roles as Role[] });
    expect(ROLES.filter((r) => as(r))).toEqual(['admin', 'sales', 'marketing', 'service', 'analyst']);
    expect(as('partner')).toBe(false);
    expect(as('customer')).toBe(false); // the self-service portal's role
    expect(as('admin', 'customer')).toBe(false);
    expect(as()).toBe(false);
  });
});

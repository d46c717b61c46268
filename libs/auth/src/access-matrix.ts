import { ACCESS_MATRIX, DOMAINS, ROLES } from './access';

/** ACCESS_MATRIX as the Markdown table the README shows (a test keeps the two equal). */
export function accessMatrixMarkdown(): string {
  const cell = (domain: (typeof DOMAINS)[number], role: (typeof ROLES)[number]): string => {
    const { read, write } = ACCESS_MATRIX[domain];
    if (write.includes(role)) return 'read, write';
    if (read.includes(role)) return 'read';
    if (role === 'partner') return 'own rows, where opened';
    // A portal contact reaches only service's self-service fields (its cases, public articles).
    if (role === 'customer') return domain === 'service' ? "own customer's rows, where opened" : '—';
    return '—';
  };
  const header = `| domain | ${ROLES.join(' | ')} |`;
  const rule = `| --- | ${ROLES.map(() => '---').join(' | ')} |`;
  const rows = DOMAINS.map((d) => `| ${d} | ${ROLES.map((r) => cell(d, r)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

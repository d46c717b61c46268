import { budgetTotal, checkConnectionBudget, ConnectionBudgetError, requiredMaxConnections } from './connection-budget';

const shares = [
  { name: 'sales', pool: 10, extra: 1 },
  { name: 'analytics', pool: 30, extra: 1 },
];

describe('connection budget', () => {
  it('sums every pool and its extra connections, times the stacks sharing the server, plus the headroom', () => {
    expect(budgetTotal({ shares })).toBe(42);
    expect(budgetTotal({ shares, copies: 2, headroom: 40 })).toBe(124);
  });

  it('sizes a server for the budget with its reserved slots on top, never below Postgres default of 100', () => {
    expect(requiredMaxConnections({ shares, copies: 2, headroom: 40 }, 3)).toBe(127);
    expect(requiredMaxConnections({ shares })).toBe(100);
  });

  it('lets a budget that fits exactly start, and answers its total', () => {
    expect(checkConnectionBudget({ shares, copies: 2, headroom: 13 }, { maxConnections: 100, reserved: 3 })).toBe(97);
  });

  it('refuses one connection over, naming each share, the stacks, the headroom and the settings to change', () => {
    const refuse = () => checkConnectionBudget({ shares, copies: 2, headroom: 14 }, { maxConnections: 100, reserved: 3 });
    expect(refuse).toThrow(ConnectionBudgetError);
    expect(refuse).toThrow(
      [
        'The stack needs up to 98 Postgres connections and the server allows 97 (max_connections 100 - 3 reserved):',
        '  sales: 10 (DATABASE_POOL_SIZE) + 1 = 11',
        '  analytics: 30 (DATABASE_POOL_SIZE) + 1 = 31',
        '  × 2 stacks at once',
        "  + 14 for connections outside the processes' pools",
        'Lower DATABASE_POOL_SIZE for a service, or raise the server\'s max_connections to at least 101 (docs/architecture.md, "Database connections").',
      ].join('\n'),
    );
  });
});

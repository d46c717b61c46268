/** The processes of the local stack, in start order. Ports match each app's .env.example. */
export const SUBGRAPHS = [
  { name: 'sales', port: 4001 },
  { name: 'marketing', port: 4002 },
  { name: 'service', port: 4003 },
  { name: 'partners', port: 4004 },
  { name: 'analytics', port: 4005 },
] as const;

export const GATEWAY_PORT = 4000;

export { ConfigError, loadConfig, loadConfigOrExit } from './load-config';
export { env, serviceEnvShape } from './env';

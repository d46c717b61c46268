export { ConfigError, loadConfig, loadConfigOrExit } from './load-config';
export { authEnvShape, env, serviceEnvShape, telemetryEnvShape } from './env';

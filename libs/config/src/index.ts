export { ConfigError, loadConfig, loadConfigOrExit } from './load-config';
export { authEnvShape, env, serviceEnvShape, smtpEnvShape, telemetryEnvShape } from './env';

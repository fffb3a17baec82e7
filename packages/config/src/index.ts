export { parseEnv, ConfigError } from './parse-env';
export * from './env-fragments';

export { problemService } from './service-definition';
export { readEnv } from './env';

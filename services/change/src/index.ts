export { changeService } from './service-definition';
export { readEnv } from './env';

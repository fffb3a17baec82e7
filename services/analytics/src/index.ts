export { analyticsService } from './service-definition';
export { readEnv } from './env';

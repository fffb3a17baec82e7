export { notificationService } from './service-definition';
export { readEnv } from './env';

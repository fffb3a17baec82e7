export { incidentService } from './service-definition';
export { readEnv } from './env';

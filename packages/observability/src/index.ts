export { createLogger, type Logger } from './logger';
export { createMetrics, type ServiceMetrics } from './metrics';

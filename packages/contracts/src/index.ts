export * from './envelope';
export * from './define-event';
export * from './registry';
export * from './events/incident.events';
export * from './events/problem.events';
export * from './events/change.events';
export * from './events/notification.events';
export * from './shared-schemas';

import type { ServiceDeps } from './run-service';

/**
 * Ready means the database answers. The broker is reported but does not fail readiness: with the
 * outbox, writes go on during a broker outage and their events follow when it returns.
 */
export function standardHealthChecks(deps: Pick<ServiceDeps, 'dataSource' | 'bus'>) {
  return {
    readiness: {
      database: async () => {
        await deps.dataSource.query('SELECT 1');
      },
    },
    degradedChecks: {
      broker: async () => {
        if (deps.bus.connection.isClosed()) throw new Error('closed');
        await Promise.race([
          deps.bus.connection.flush(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('unreachable')), 1000).unref()),
        ]);
      },
    },
  };
}

import type { ServerDeps } from './run-service';

/**
 * Ready means the database answers. The broker is reported but does not fail readiness: with the
 * outbox, writes go on during a broker outage and their events follow when it returns.
 */
export function standardHealthChecks(deps: Pick<ServerDeps, 'dataSource' | 'broker'>) {
  return {
    readiness: {
      database: async () => {
        await deps.dataSource.query('SELECT 1');
      },
    },
    degradedChecks: {
      broker: () => deps.broker.check(),
    },
  };
}

import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import type { IncidentResolvers, Resolvers } from '../../__generated__/resolvers-types';
import type { IncidentContext } from '../../context';
import { AlertGroup } from './alert-group.entity';

/**
 * `Incident.monitoringAlert`: the alert group of each incident, batched per request (one query for a
 * page of incidents). The parent incident was already resolved within the caller's scope.
 *
 * A factory rather than a context loader: the subgraph server adds it to the `Incident` resolvers with
 * the data source it has, and keeps one DataLoader per request context.
 */
export function monitoringAlertResolvers(
  dataSource: DataSource,
): Required<Pick<IncidentResolvers, 'monitoringAlert'>> {
  const loaders = new WeakMap<IncidentContext, DataLoader<string, AlertGroup | null>>();
  const loaderFor = (context: IncidentContext) => {
    let loader = loaders.get(context);
    if (!loader) {
      loader = new DataLoader((ids) => alertGroupsOf(dataSource, ids));
      loaders.set(context, loader);
    }
    return loader;
  };
  return {
    monitoringAlert: (incident, _args, context) => loaderFor(context).load(incident.id),
  };
}

/** The alert group of each incident, in the order asked (the latest, should there be several). */
export async function alertGroupsOf(
  dataSource: DataSource,
  incidentIds: readonly string[],
): Promise<Array<AlertGroup | null>> {
  const groups = await dataSource.getRepository(AlertGroup).find({
    where: { incidentId: In([...new Set(incidentIds)]) },
    order: { firstSeenAt: 'DESC' },
  });
  const byIncident = new Map<string, AlertGroup>();
  for (const group of groups) {
    if (group.incidentId && !byIncident.has(group.incidentId)) byIncident.set(group.incidentId, group);
  }
  return incidentIds.map((id) => byIncident.get(id) ?? null);
}

/** The subgraph's resolvers with `Incident.monitoringAlert` added. */
export function withMonitoringAlert(resolvers: Resolvers, dataSource: DataSource): Resolvers {
  return { ...resolvers, Incident: { ...resolvers.Incident, ...monitoringAlertResolvers(dataSource) } };
}

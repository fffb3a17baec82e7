import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { Incident } from './modules/incident/incident.entity';
import type { IncidentService } from './modules/incident/incident.service';

export interface IncidentContext extends BaseContext {
  incidents: IncidentService;
  /** Batches `_entities` lookups and repeated reads in one request; results already access-filtered. */
  incidentById: DataLoader<string, Incident | null>;
}

export function buildContext(base: BaseContext, incidents: IncidentService): IncidentContext {
  return {
    ...base,
    incidents,
    incidentById: new DataLoader((ids) => incidents.findVisibleByIds(base.caller, ids)),
  };
}

import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { IncidentModule } from './incident-module';
import type { Category } from './modules/category/category.entity';
import type { Comment } from './modules/comment/comment.entity';
import type { Incident } from './modules/incident/incident.entity';
import type { Participant } from './modules/participant/participant.entity';
import type { SlaRecord } from './modules/sla/sla.record';

export interface IncidentContext extends BaseContext, IncidentModule {
  /** Batches `_entities` lookups and repeated reads in one request; results already access-filtered. */
  incidentById: DataLoader<string, Incident | null>;
  /** `Incident.comments` of a page of incidents in one query; only what the caller may read. */
  commentsByIncidentId: DataLoader<string, Comment[]>;
  /** `Incident.participants` of a page of incidents in one query (the incidents were already access-checked). */
  participantsByIncidentId: DataLoader<string, Participant[]>;
  /** The category catalogue, read at most once per request. */
  categoryCatalogue: () => Promise<Category[]>;
  /** `Incident.sla` of a page of incidents in one query (the incidents were already access-checked). */
  slaByIncidentId: DataLoader<string, SlaRecord | null>;
  /** `Incident.hasImplementedFix` of a page of incidents in one query (already access-checked). */
  implementedFixByIncidentId: DataLoader<string, boolean>;
}

export function buildContext(base: BaseContext, module: IncidentModule): IncidentContext {
  let catalogue: Promise<Category[]> | null = null;
  return {
    ...base,
    ...module,
    incidentById: new DataLoader((ids) => module.queries.findVisibleByIds(base.caller, ids)),
    commentsByIncidentId: new DataLoader((ids) => module.comments.visibleByIncidentIds(base.caller, ids)),
    participantsByIncidentId: new DataLoader((ids) => module.participants.byIncidentIds(ids)),
    categoryCatalogue: () => (catalogue ??= module.categories.all()),
    slaByIncidentId: new DataLoader((ids) => module.sla.recordsByIncidentIds(ids)),
    implementedFixByIncidentId: new DataLoader((ids) => module.fixingChanges.hasImplementedFix(ids)),
  };
}

import type { Caller } from '@mim/auth';
import { type Page, isUuid, parseInput } from '@mim/service-kit';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { incidentIdArg } from '../../validation';
import { slaStatusCondition } from '../sla/sla-status-filter';
import {
  type TimelineEntryList,
  type TimelineService,
  timelineEntriesArgs,
} from '../timeline/timeline.service';
import { incidentScope, seesInternal } from './incident.access';
import { Incident } from './incident.entity';
import { incidentNotFound } from './incident.errors';
import { type IncidentListArgs, incidentListArgs, incidentNumberArg } from './incident.input';
import { decodeListCursor, encodeListCursor, keysetOf } from './incident-list';
import { applyScope } from './incident-visibility';

const timelineEntriesQueryArgs = timelineEntriesArgs.extend({ incidentId: incidentIdArg });

/** Reads of incidents, always within what the caller may see (incident-visibility.ts). */
export class IncidentQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
  ) {}

  /** Batch lookup in the caller's scope, in the order asked (DataLoader and `_entities`). */
  async findVisibleByIds(caller: Caller, ids: readonly string[]): Promise<Array<Incident | null>> {
    const validIds = [...new Set(ids.filter(isUuid))];
    const found = validIds.length
      ? await this.visible(caller).andWhere('incident.id IN (:...ids)', { ids: validIds }).getMany()
      : [];
    const byId = new Map(found.map((incident) => [incident.id, incident]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  async findVisibleByNumber(caller: Caller, rawNumber: unknown): Promise<Incident | null> {
    const number = parseInput(incidentNumberArg, rawNumber);
    return this.visible(caller).andWhere('incident.number = :number', { number }).getOne();
  }

  /**
   * `incidentTimelineEntries`: an incident's entries after a position, as `Incident.timeline` shows
   * them to the caller (a reporter the public ones only). An unknown or invisible incident is NOT_FOUND:
   * `incident(id)` answers null for both, and a list of entries has no null to give.
   */
  async timelineEntries(caller: Caller, rawArgs: unknown): Promise<TimelineEntryList> {
    const args = parseInput(timelineEntriesQueryArgs, rawArgs);
    const [incident] = await this.findVisibleByIds(caller, [args.incidentId]);
    if (!incident) throw incidentNotFound(args.incidentId);
    return this.timeline.entriesAfter(incident.id, seesInternal(incidentScope(caller)), args);
  }

  /**
   * Keyset pagination in the chosen order; the scope is part of the query so nothing invisible is
   * counted or skipped over.
   */
  async list(caller: Caller, rawArgs: unknown): Promise<Page<Incident>> {
    const args = parseInput(incidentListArgs, rawArgs);
    const query = this.visible(caller);
    applyFilter(query, args.filter);
    const keyset = keysetOf(args.sort);
    if (args.after) {
      const position = decodeListCursor(args.sort, args.after);
      query.andWhere(keyset.after, {
        afterAt: position.reportedAt,
        afterId: position.id,
        afterPriority: position.priority,
      });
    }
    const [first, ...rest] = keyset.orderBy;
    query.orderBy(first![0], first![1]);
    for (const [column, direction] of rest) query.addOrderBy(column, direction);
    const rows = await query.take(args.first + 1).getMany();
    const nodes = rows.slice(0, args.first);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: {
        endCursor: last ? encodeListCursor(args.sort, last) : null,
        hasNextPage: rows.length > args.first,
      },
    };
  }

  /** Incidents the caller may see, as a query to narrow further. */
  private visible(caller: Caller): SelectQueryBuilder<Incident> {
    const query = this.dataSource.getRepository(Incident).createQueryBuilder('incident');
    applyScope(query, incidentScope(caller));
    return query;
  }
}

function applyFilter(query: SelectQueryBuilder<Incident>, filter: IncidentListArgs['filter']): void {
  if (!filter) return;
  // An empty list of ids matches nothing (unlike the other lists): it names no incident.
  if (filter.ids)
    query.andWhere(filter.ids.length ? 'incident.id IN (:...ids)' : 'false', { ids: filter.ids });
  if (filter.major != null) query.andWhere('incident.is_major = :major', { major: filter.major });
  if (filter.status?.length) query.andWhere('incident.status IN (:...statuses)', { statuses: filter.status });
  if (filter.priority?.length)
    query.andWhere('incident.priority IN (:...priorities)', { priorities: filter.priority });
  // Containment (@>) is what the GIN indexes on the arrays serve.
  if (filter.service)
    query.andWhere('incident.affected_services @> ARRAY[:service]::text[]', { service: filter.service });
  if (filter.configurationItem)
    query.andWhere('incident.configuration_items @> ARRAY[:ci]::text[]', { ci: filter.configurationItem });
  if (filter.assigneeId)
    query.andWhere('incident.assignee_id = :assigneeId', { assigneeId: filter.assigneeId });
  if (filter.assignmentGroup)
    query.andWhere('incident.assignment_group = :group', { group: filter.assignmentGroup });
  if (filter.supportTier?.length)
    query.andWhere('incident.support_tier IN (:...tiers)', { tiers: filter.supportTier });
  if (filter.channel?.length)
    query.andWhere('incident.channel IN (:...channels)', { channels: filter.channel });
  if (filter.kind) query.andWhere('incident.kind = :kind', { kind: filter.kind });
  if (filter.reportedFrom) query.andWhere('incident.reported_at >= :from', { from: filter.reportedFrom });
  if (filter.reportedTo) query.andWhere('incident.reported_at < :to', { to: filter.reportedTo });
  if (filter.search) {
    query.andWhere(`incident.search @@ websearch_to_tsquery('english', :search)`, { search: filter.search });
  }
  if (filter.slaStatus?.length) query.andWhere(slaStatusCondition(filter.slaStatus));
}

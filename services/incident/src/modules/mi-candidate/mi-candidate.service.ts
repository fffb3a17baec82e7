import type { Caller } from '@mim/auth';
import { appendToOutbox } from '@mim/messaging';
import {
  type Page,
  type RequestMeta,
  isUuid,
  newestFirstPage,
  parseInput,
  traceHeaders,
} from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { actorOf } from '../incident/incident.history';
import { requirePermission } from '../incident/incident.permissions';
import { type IncidentUpdater, type OutboxEvent, lockVisible } from '../incident/incident-updater';
import type { IncidentLinkService } from '../incident-link/incident-link.service';
import { declareMajor } from '../major-incident/major-incident.domain';
import { majorDeclaredEntry, majorDeclaredEvent } from '../major-incident/major-incident.history';
import { dismissCandidate, promoteCandidate } from './mi-candidate.domain';
import { CandidateListing, MajorIncidentCandidate } from './mi-candidate.entity';
import { candidateNotFound, impactStatementNeeded } from './mi-candidate.errors';
import { candidateDismissedEvent, candidatePromotedEvent } from './mi-candidate.history';
import { candidateListArgs, dismissCandidateInput, promoteCandidateInput } from './mi-candidate.input';

/**
 * Major incident candidates (raised by mi-candidate.detector.ts as incidents are created): read by the
 * staff who take part in declaring (RACI "declare": technicians consulted, the MI team responsible, the
 * MI manager accountable), promoted or dismissed by those who declare. Each decision is one
 * transaction: lock the candidate -> rule -> (declare, link) -> save -> event.
 */
export class MiCandidateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: { updater: IncidentUpdater; links: IncidentLinkService },
  ) {}

  /** Newest first; optionally only one status. */
  list(caller: Caller, rawArgs: unknown): Promise<Page<MajorIncidentCandidate>> {
    requirePermission(caller, 'viewCandidates');
    const args = parseInput(candidateListArgs, rawArgs);
    const query = this.dataSource.getRepository(MajorIncidentCandidate).createQueryBuilder('candidate');
    if (args.status) query.andWhere('candidate.status = :status', { status: args.status });
    return newestFirstPage(query, args, { column: 'raised_at', property: 'raisedAt' });
  }

  /**
   * Promotes a candidate: the chosen incident (one of its incidents) is declared a major incident when
   * it is not one yet (with the impact statement: its version, entry and incident.major_declared.v1),
   * the other incidents become its children (those that cannot be children are left out), then
   * incident.major_candidate_promoted.v1. All or nothing.
   */
  promote(meta: RequestMeta, rawInput: unknown): Promise<MajorIncidentCandidate> {
    requirePermission(meta.caller, 'declareMajor');
    const input = parseInput(promoteCandidateInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const candidate = await lockCandidate(manager, input.candidateId);
      const listed = await listedIds(manager, candidate.id);
      const at = new Date();
      const state = promoteCandidate(
        candidate,
        input.majorIncidentId.toLowerCase(),
        listed,
        actorOf(meta.caller),
        at,
      );
      const majorIncidentId = state.majorIncidentId!;
      const chosen = await lockVisible(manager, meta.caller, majorIncidentId);
      if (!chosen.isMajor) {
        const impactStatement = input.impactStatement;
        if (!impactStatement) throw impactStatementNeeded();
        await this.deps.updater.updateWithin(manager, meta, majorIncidentId, (incident, declaredAt) => {
          const declared = declareMajor(incident, incident.version, impactStatement, declaredAt);
          return {
            type: 'major_declared',
            changes: declared,
            timeline: [majorDeclaredEntry({ ...incident, ...declared }, actorOf(meta.caller), declaredAt)],
            events: (updated) => [majorDeclaredEvent(updated, meta, declaredAt)],
          };
        });
      }
      await this.deps.links.linkWithin(
        manager,
        meta,
        majorIncidentId,
        listed.filter((id) => id !== majorIncidentId),
        'skip',
      );
      return this.save(manager, meta, candidate, state, (saved) =>
        candidatePromotedEvent(saved, listed, meta, at),
      );
    });
  }

  /** Dismisses a candidate with a reason: incident.major_candidate_dismissed.v1. */
  dismiss(meta: RequestMeta, rawInput: unknown): Promise<MajorIncidentCandidate> {
    requirePermission(meta.caller, 'declareMajor');
    const input = parseInput(dismissCandidateInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const candidate = await lockCandidate(manager, input.candidateId);
      const at = new Date();
      const state = dismissCandidate(candidate, input.reason, actorOf(meta.caller), at);
      return this.save(manager, meta, candidate, state, (saved) => candidateDismissedEvent(saved, meta, at));
    });
  }

  /** `MajorIncidentCandidate.incidents` of a batch of candidates: the ids, earliest listed first. */
  async incidentIds(candidateIds: readonly string[]): Promise<string[][]> {
    const ids = [...new Set(candidateIds.filter(isUuid))];
    const rows = ids.length
      ? await this.dataSource
          .getRepository(CandidateListing)
          .find({ where: { candidateId: In(ids) }, order: { listedAt: 'ASC', incidentId: 'ASC' } })
      : [];
    return candidateIds.map((id) =>
      rows.filter((row) => row.candidateId === id).map((row) => row.incidentId),
    );
  }

  private async save(
    manager: EntityManager,
    meta: RequestMeta,
    candidate: MajorIncidentCandidate,
    state: ReturnType<typeof dismissCandidate>,
    event: (saved: MajorIncidentCandidate) => OutboxEvent,
  ): Promise<MajorIncidentCandidate> {
    const saved = manager.create(MajorIncidentCandidate, { ...candidate, ...state });
    await manager.update(
      MajorIncidentCandidate,
      { id: candidate.id, version: candidate.version },
      { ...state },
    );
    await appendToOutbox(manager, [event(saved)], traceHeaders(meta));
    return saved;
  }
}

async function lockCandidate(manager: EntityManager, id: string): Promise<MajorIncidentCandidate> {
  const candidate = isUuid(id)
    ? await manager.findOne(MajorIncidentCandidate, { where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!candidate) throw candidateNotFound(id);
  return candidate;
}

async function listedIds(manager: EntityManager, candidateId: string): Promise<string[]> {
  const rows = await manager.find(CandidateListing, {
    where: { candidateId },
    order: { listedAt: 'ASC', incidentId: 'ASC' },
  });
  return rows.map((row) => row.incidentId);
}

import { randomUUID } from 'node:crypto';
import { commentVisibilitySchema } from '@mim/contracts';
import { appendToOutbox } from '@mim/messaging';
import { type Page, type RequestMeta, isUuid, pageArgs, parseInput, traceHeaders } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { z } from 'zod';
import { jsonHasNoNul, requiredText } from '../../validation';
import { incidentNotFound } from '../incident/incident.errors';
import { decodeTimelineCursor, defaultVisibility, encodeTimelineCursor } from './timeline.domain';
import { TimelineEntry } from './timeline-entry.entity';
import { timelineEntryRecordedEvent } from './timeline-events';

/** What a writer gives for one timeline entry; the rest (id, position, defaults) is filled in. */
export interface TimelineEntryInput {
  /** A lowercase code, e.g. `status_changed`, `alert_resolved`. */
  kind: string;
  /** Who did it: a user id and display name, or a system component (`system:alertmanager`). */
  actor: { id: string; name: string };
  /** One human-readable line. */
  summary: string;
  /** Structured facts, a JSON object. */
  detail?: Record<string, unknown>;
  /** The recording service; `incident` by default. */
  source?: string;
  /** PUBLIC entries are shown to the reporter; by default only the public kinds (timeline.domain.ts). */
  visibility?: 'PUBLIC' | 'INTERNAL';
  /** When it happened; now by default. */
  occurredAt?: Date;
}

/** The request (or consumed event) an append belongs to: its events carry the correlation and trace. */
export type TimelineTrace = Pick<RequestMeta, 'correlationId' | 'traceparent'>;

const maxDetailBytes = 16_384;

const entryInput = z.object({
  kind: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'must be a lowercase code such as status_changed'),
  actor: z.object({ id: requiredText(200), name: requiredText(200) }),
  summary: requiredText(1_000),
  detail: z
    .record(z.string(), z.unknown())
    .default({})
    .refine(jsonHasNoNul, 'must not contain NUL characters')
    .refine(
      (detail) => Buffer.byteLength(JSON.stringify(detail)) <= maxDetailBytes,
      `must be at most ${maxDetailBytes} bytes of JSON`,
    ),
  source: z
    .string()
    .max(50)
    .regex(/^[a-z][a-z0-9_-]*$/, 'must be a lowercase service name')
    .default('incident'),
  visibility: commentVisibilitySchema.optional(),
  occurredAt: z.date().optional(),
});
type ParsedEntry = z.output<typeof entryInput>;

export const timelinePageArgs = pageArgs;

/** `incidentTimelineEntries`: after a position (0: from the start), at most 100 at a time. */
export const timelineEntriesArgs = z.object({
  afterPosition: z
    .number()
    .int()
    .min(0, 'must be 0 or more')
    .nullish()
    .transform((position) => position ?? 0),
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'at most 100 per page')
    .nullish()
    .transform((first) => first ?? 100),
});

/** A slice of a timeline by position, and where it ends for this reader. */
export interface TimelineEntryList {
  nodes: TimelineEntry[];
  hasMore: boolean;
  /** The position of the latest entry the reader may see; 0 when none. */
  latestPosition: number;
}

/**
 * The history of incidents: appended inside the caller's transaction (each entry numbered and announced
 * as incident.timeline_entry_recorded.v1), read oldest first or by position.
 */
export class TimelineService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends entries inside the caller's transaction, at the next positions of the incident's timeline
   * (NOT_FOUND when there is no such incident). Locks the incident row until the transaction ends: a
   * caller that locks it too must do so before appending (the same transaction may hold it already).
   */
  async appendWithin(
    manager: EntityManager,
    incidentId: string,
    entries: readonly TimelineEntryInput[],
    trace: TimelineTrace,
  ): Promise<TimelineEntry[]> {
    if (entries.length === 0) return [];
    const parsed = entries.map((raw) => parseInput(entryInput, raw));
    const written = await this.write(manager, incidentId, parsed, trace);
    if (!written) throw incidentNotFound(incidentId);
    return written;
  }

  /**
   * Appends one entry to each of the incidents that exist (others are skipped: a record of another
   * service may name incidents this one does not have). Incidents are locked in id order, so two such
   * appends over overlapping incidents cannot deadlock.
   */
  async appendToEachWithin(
    manager: EntityManager,
    incidentIds: readonly string[],
    entry: TimelineEntryInput,
    trace: TimelineTrace,
  ): Promise<TimelineEntry[]> {
    const parsed = parseInput(entryInput, entry);
    const written: TimelineEntry[] = [];
    for (const incidentId of [...new Set(incidentIds.filter(isUuid).map((id) => id.toLowerCase()))].sort()) {
      written.push(...((await this.write(manager, incidentId, [parsed], trace)) ?? []));
    }
    return written;
  }

  /**
   * One page of an incident's timeline, oldest first, keyed by (occurredAt, seq). The caller checked
   * that the incident is visible; `includeInternal` is false for reporters, who see public entries only.
   */
  async page(incidentId: string, includeInternal: boolean, rawArgs: unknown): Promise<Page<TimelineEntry>> {
    const args = parseInput(timelinePageArgs, rawArgs);
    const query = this.dataSource
      .getRepository(TimelineEntry)
      .createQueryBuilder('entry')
      .where('entry.incident_id = :incidentId', { incidentId });
    if (!includeInternal) query.andWhere(`entry.visibility = 'PUBLIC'`);
    if (args.after) {
      const position = decodeTimelineCursor(args.after);
      query.andWhere('(entry.occurred_at, entry.seq) > (:afterAt::timestamptz, :afterSeq::bigint)', {
        afterAt: position.at,
        afterSeq: position.seq,
      });
    }
    const rows = await query
      .orderBy('entry.occurred_at', 'ASC')
      .addOrderBy('entry.seq', 'ASC')
      .take(args.first + 1)
      .getMany();
    const nodes = rows.slice(0, args.first);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: {
        endCursor: last ? encodeTimelineCursor(last.occurredAt, last.seq) : null,
        hasNextPage: rows.length > args.first,
      },
    };
  }

  /**
   * The entries after a position, in position order (`incidentTimelineEntries`, and how a subscriber
   * catches up). The caller checked that the incident is visible and validated the arguments. The page
   * and `latestPosition` are read from one snapshot, so they agree.
   */
  entriesAfter(
    incidentId: string,
    includeInternal: boolean,
    args: z.output<typeof timelineEntriesArgs>,
  ): Promise<TimelineEntryList> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const query = manager
        .getRepository(TimelineEntry)
        .createQueryBuilder('entry')
        .where('entry.incident_id = :incidentId', { incidentId })
        .andWhere('entry.position > :after', { after: args.afterPosition });
      if (!includeInternal) query.andWhere(`entry.visibility = 'PUBLIC'`);
      const rows = await query
        .orderBy('entry.position', 'ASC')
        .take(args.first + 1)
        .getMany();
      const [latest] = await manager.query<[{ position: number }]>(
        `SELECT coalesce(max(position), 0)::int AS position FROM incident_timeline_entry
         WHERE incident_id = $1 ${includeInternal ? '' : `AND visibility = 'PUBLIC'`}`,
        [incidentId],
      );
      return {
        nodes: rows.slice(0, args.first),
        hasMore: rows.length > args.first,
        latestPosition: latest.position,
      };
    });
  }

  /**
   * Numbers and writes entries of one incident with their events; null when the incident does not
   * exist. The counter is raised with plain SQL so the incident's optimistic version stays as it is.
   */
  private async write(
    manager: EntityManager,
    incidentId: string,
    entries: readonly ParsedEntry[],
    trace: TimelineTrace,
  ): Promise<TimelineEntry[] | null> {
    if (!isUuid(incidentId)) return null;
    // UPDATE ... RETURNING answers [rows, affected] through TypeORM.
    const [[counter]] = await manager.query<[Array<{ length: number; version: number }>, number]>(
      `UPDATE incident SET timeline_length = timeline_length + $2 WHERE id = $1
       RETURNING timeline_length AS length, version`,
      [incidentId, entries.length],
    );
    if (!counter) return null;
    const now = new Date();
    const first = counter.length - entries.length + 1;
    const rows = entries.map((entry, index) =>
      manager.create(TimelineEntry, {
        id: randomUUID(),
        incidentId,
        position: first + index,
        occurredAt: entry.occurredAt ?? now,
        kind: entry.kind,
        summary: entry.summary,
        actorId: entry.actor.id,
        actorName: entry.actor.name,
        source: entry.source,
        visibility: entry.visibility ?? defaultVisibility(entry.kind),
        detail: entry.detail,
      }),
    );
    // The entities as created; `detail` (any JSON object) is beyond TypeORM's partial-entity typing.
    await manager.insert(TimelineEntry, rows as QueryDeepPartialEntity<TimelineEntry>[]);
    await appendToOutbox(
      manager,
      rows.map((row) => timelineEntryRecordedEvent(row, counter.version, trace.correlationId, now)),
      traceHeaders(trace),
    );
    return rows;
  }
}

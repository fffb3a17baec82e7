import type { Logger } from '@mim/observability';
import type { DataSource, QueryRunner } from 'typeorm';
import { type MetricsState, applyIncidentEvent, emptyMetrics } from '../metrics/metrics.domain';
import type { EventHistory } from './event-history';
import type { HistoryEntry } from './projected-events';
import { rebuildInProgress } from './rebuild.errors';
import { ShadowTable, liveTable, selectRows } from './shadow-table';

export interface RebuildResult {
  /** Incident events folded (all eight subjects; duplicates included, the merge absorbs them). */
  eventsReplayed: number;
  /** Rows of the rebuilt projection. */
  incidents: number;
  /** The last stream sequence replayed; later events reach the new table through the live consumers. */
  replayedToSequence: number;
  durationMs: number;
  /** The projection's generation after the swap: readers reload everything when it moves. */
  generation: number;
}

/** Points where a test can act between the phases (e.g. publish events while the table is locked). */
export interface RebuildHooks {
  /** The shadow table holds the history up to S1; nothing is locked yet. */
  afterReplay?: () => Promise<void>;
  /** The live table is locked and the tail up to S2 replayed; the swap comes next. */
  whileLocked?: () => Promise<void>;
}

/** Any number fits: `hashtext` of a fixed name, the same in every process of the service. */
const lockKey = `hashtext('mim-analytics:rebuild')`;

/**
 * Rebuilds the `incident_metrics` projection from scratch out of the event history, while the live
 * consumers keep running. The algorithm:
 *
 * 1. Read the stream's last sequence S1.
 * 2. Replay every stored message of `<prefix>.incident.>` from the start of the stream to S1 with an
 *    ordered (ephemeral) consumer, validating each envelope with its contract as the consumers do and
 *    skipping the subjects the projection does not use; fold the events in memory with the same merge
 *    rule as the live path (`applyIncidentEvent`, incident id -> state), then bulk-insert the states into
 *    a shadow table created `LIKE incident_metrics INCLUDING ALL`, in batches.
 * 3. In one transaction: `LOCK TABLE incident_metrics IN EXCLUSIVE MODE` (readers go on; the live
 *    consumers' writes wait, so their events are delayed, never lost); read the stream's last sequence S2
 *    and replay the tail S1+1..S2 onto the in-memory states, rewriting the incidents it touched in the
 *    shadow (the merge is order-tolerant and idempotent, so events the live consumers already applied
 *    are harmless); swap the tables by renaming (the old one is dropped) and give the shadow's indexes
 *    the canonical names; bump `projection_state` (generation, rebuilt_at, replayed_to_sequence = S2);
 *    commit.
 *
 * After the commit the waiting consumers write into the new table (PostgreSQL looks a table name up
 * again when the relation it waited for changed): events after S2 are applied there once, and events up
 * to S2 that the live path had not applied yet are applied a second time, harmlessly. The inbox is left
 * as it is: it still stops a redelivered message from being applied twice; the rebuild never uses it.
 * Revisions in the new table come from the same sequence, so they keep growing for readers that follow
 * them; the generation bump makes those readers reload anyway.
 *
 * The states live in memory during the rebuild (about a kilobyte per incident).
 */
export class ProjectionRebuild {
  private readonly shadow: ShadowTable;

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      openHistory: () => Promise<EventHistory>;
      logger: Logger;
    },
  ) {
    this.shadow = new ShadowTable(deps.dataSource);
  }

  async run(hooks: RebuildHooks = {}): Promise<RebuildResult> {
    const started = Date.now();
    const runner = this.deps.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [lock] = await selectRows<{ locked: boolean }>(
        runner,
        `SELECT pg_try_advisory_lock(${lockKey}) AS locked`,
      );
      if (!lock?.locked) throw rebuildInProgress();
      try {
        const history = await this.deps.openHistory();
        try {
          return await this.rebuild(runner, history, hooks, started);
        } finally {
          await history.close();
        }
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${lockKey})`);
      }
    } finally {
      await runner.release();
    }
  }

  private async rebuild(
    runner: QueryRunner,
    history: EventHistory,
    hooks: RebuildHooks,
    started: number,
  ): Promise<RebuildResult> {
    const { logger } = this.deps;
    const fold = new Fold();

    // (1) + (2): the history up to S1, folded in memory, then written to the shadow table.
    const s1 = await history.lastSequence();
    logger.info({ toSequence: s1 }, 'rebuild: replaying the event history');
    await history.read({ from: 1, to: s1 }, (entry) => fold.apply(entry));
    logger.info(
      { events: fold.events, ignored: fold.ignored, invalid: fold.invalid },
      'rebuild: history folded',
    );
    await this.shadow.create(runner);
    try {
      const written = await this.shadow.write(runner, fold.states.values());
      logger.info({ incidents: written }, 'rebuild: shadow table written');
      await hooks.afterReplay?.();

      // (3): the tail under the lock, the swap and the generation, atomically.
      await runner.startTransaction();
      try {
        await runner.query(`LOCK TABLE ${liveTable} IN EXCLUSIVE MODE`);
        const s2 = await history.lastSequence();
        fold.touched.clear();
        await history.read({ from: s1 + 1, to: s2 }, (entry) => fold.apply(entry));
        await this.shadow.write(runner, fold.touchedStates());
        logger.info(
          { fromSequence: s1 + 1, toSequence: s2, incidents: fold.touched.size },
          'rebuild: tail replayed',
        );
        await hooks.whileLocked?.();
        await this.shadow.swap(runner);
        await runner.query(
          `UPDATE projection_state
              SET generation = generation + 1, rebuilt_at = now(), replayed_to_sequence = $1
            WHERE name = $2`,
          [s2, liveTable],
        );
        const [state] = await selectRows<{ generation: number }>(
          runner,
          `SELECT generation FROM projection_state WHERE name = $1`,
          [liveTable],
        );
        if (!state) throw new Error('projection_state has no incident_metrics row (migrations not run?)');
        await runner.commitTransaction();
        const result: RebuildResult = {
          eventsReplayed: fold.events,
          incidents: fold.states.size,
          replayedToSequence: s2,
          durationMs: Date.now() - started,
          generation: state.generation,
        };
        logger.info(result, 'rebuild: projection swapped');
        return result;
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    } catch (error) {
      await this.shadow.drop(runner).catch(() => undefined);
      throw error;
    }
  }
}

/** incident id -> state, folded with the live merge rule; remembers which incidents moved. */
class Fold {
  readonly states = new Map<string, MetricsState>();
  readonly touched = new Set<string>();
  events = 0;
  ignored = 0;
  invalid = 0;

  *touchedStates(): Iterable<MetricsState> {
    for (const id of this.touched) {
      const state = this.states.get(id);
      if (state) yield state;
    }
  }

  apply(entry: HistoryEntry): void {
    switch (entry.kind) {
      case 'ignored':
        this.ignored += 1;
        return;
      case 'invalid':
        this.invalid += 1;
        return;
      case 'event': {
        // As PostgreSQL stores a uuid: one row per incident whatever the case it was written in.
        const id = entry.incidentId.toLowerCase();
        this.states.set(id, applyIncidentEvent(this.states.get(id) ?? emptyMetrics(id), entry.event));
        this.touched.add(id);
        this.events += 1;
      }
    }
  }
}

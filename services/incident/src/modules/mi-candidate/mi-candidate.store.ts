import type { EntityManager } from 'typeorm';
import type { Incident } from '../incident/incident.entity';
import type { Arrival } from './mi-candidate.domain';

/**
 * The SQL of candidate detection, inside the creating transaction. Only incidents that count are read:
 * kind INCIDENT, open, not a major incident, not a child of one, not listed by a candidate already
 * (open, promoted or dismissed: a dismissed flood needs a new flood), and reported within one window
 * either side of the new incident (`incident_reported_idx`).
 */

/** The text the similarity rule compares (the expression of `incident_text_trgm_idx`). */
const text = (alias: string) => `(${alias}.title || ' ' || coalesce(${alias}.symptoms, ''))`;

const counts = `
  i.id <> $1
  AND i.kind = 'INCIDENT'
  AND i.status IN ('NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD')
  AND NOT i.is_major
  AND i.reported_at BETWEEN $2 AND $3
  AND NOT EXISTS (SELECT 1 FROM incident_link link WHERE link.child_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM major_incident_candidate_incident listed WHERE listed.incident_id = i.id)`;

type Row = { id: string; reported_at: Date };
const arrivals = (rows: Row[]): Arrival[] => rows.map((row) => ({ id: row.id, reportedAt: row.reported_at }));

/** The text of an incident as the similarity rule compares it. */
export const comparedText = (incident: Pick<Incident, 'title' | 'symptoms'>) =>
  `${incident.title} ${incident.symptoms ?? ''}`;

/**
 * One detection at a time across the service's replicas, until the creating transaction ends: two
 * incidents created at once are evaluated one after the other, the second seeing the first and its
 * candidate. (Any two incidents may be similar, so the lock is not per service.)
 */
export async function lockDetection(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('incident_mi_candidate', 0))`);
}

/**
 * The OPEN candidate that absorbs the incident: the one of one of its services, or a SIMILAR_TEXT one
 * listing an incident similar to it; the oldest when several. Locked, so a promotion or dismissal in
 * progress is waited for (and the candidate then skipped, no longer OPEN).
 */
export async function openCandidateFor(
  manager: EntityManager,
  incident: Pick<Incident, 'title' | 'symptoms'>,
  serviceKeys: readonly string[],
  similarity: number,
): Promise<string | null> {
  const rows = await manager.query<Array<{ id: string }>>(
    `SELECT candidate.id FROM major_incident_candidate candidate
      WHERE candidate.status = 'OPEN'
        AND (candidate.cluster_key = ANY($1::text[])
          OR (candidate.reason = 'SIMILAR_TEXT' AND EXISTS (
                SELECT 1 FROM major_incident_candidate_incident listed
                  JOIN incident i ON i.id = listed.incident_id
                 WHERE listed.candidate_id = candidate.id AND similarity(${text('i')}, $2) >= $3)))
      ORDER BY candidate.raised_at, candidate.id
      LIMIT 1
      FOR UPDATE OF candidate`,
    [serviceKeys, comparedText(incident), similarity],
  );
  return rows[0]?.id ?? null;
}

/** The incidents that count on one service (by key: case and surrounding spaces ignored). */
export async function peersOnService(
  manager: EntityManager,
  anchor: Pick<Incident, 'id' | 'reportedAt'>,
  serviceKey: string,
  windowMinutes: number,
): Promise<Arrival[]> {
  const [from, to] = around(anchor.reportedAt, windowMinutes);
  const rows = await manager.query<Row[]>(
    `SELECT i.id, i.reported_at FROM incident i
      WHERE ${counts}
        AND EXISTS (SELECT 1 FROM unnest(i.affected_services) service WHERE lower(btrim(service)) = $4)`,
    [anchor.id, from, to, serviceKey],
  );
  return arrivals(rows);
}

/** The incidents that count whose title and symptoms are similar to the new one's (pg_trgm). */
export async function similarPeers(
  manager: EntityManager,
  anchor: Pick<Incident, 'id' | 'reportedAt' | 'title' | 'symptoms'>,
  windowMinutes: number,
  similarity: number,
): Promise<Arrival[]> {
  const [from, to] = around(anchor.reportedAt, windowMinutes);
  // `%` lets the trigram index serve the query; its threshold is this transaction's only.
  await manager.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(similarity)]);
  const rows = await manager.query<Row[]>(
    `SELECT i.id, i.reported_at FROM incident i
      WHERE ${counts}
        AND ${text('i')} % $4
        AND similarity(${text('i')}, $4) >= $5`,
    [anchor.id, from, to, comparedText(anchor), similarity],
  );
  return arrivals(rows);
}

function around(at: Date, windowMinutes: number): [Date, Date] {
  const windowMs = windowMinutes * 60_000;
  return [new Date(at.getTime() - windowMs), new Date(at.getTime() + windowMs)];
}

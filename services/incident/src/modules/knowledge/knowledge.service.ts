import { type Caller, isStaff } from '@mim/auth';
import { parseInput } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import type { Incident } from '../incident/incident.entity';
import { similarIncidentsArgs } from './knowledge.input';

/** The lowest trigram similarity worth showing (pg_trgm's own default, 0.3, misses reworded reports). */
export const similarityThreshold = 0.1;

/**
 * The text incidents are compared on, exactly as the trigram index of the migration is built
 * (1764300000310-knowledge-reuse.ts), so the `%` operator can use it.
 */
export const similarityText = `(title || ' ' || coalesce(symptoms, ''))`;

export interface SimilarIncidentRow {
  incidentId: string;
  similarity: number;
}

/**
 * Knowledge reuse: past major incidents like a new one, so the service desk finds the proven fix (their
 * resolution notes, their post-incident review).
 */
export class KnowledgeService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The major incidents most like `incident` (trigram similarity of title and symptoms), RESOLVED and
   * CLOSED first, then by similarity; never the incident itself. Staff only (every incident is visible
   * to them): empty for anyone else, external consultants included.
   */
  async similarMajorIncidents(
    caller: Caller,
    incident: Pick<Incident, 'id' | 'title' | 'symptoms'>,
    rawArgs: unknown,
  ): Promise<SimilarIncidentRow[]> {
    const args = parseInput(similarIncidentsArgs, rawArgs);
    if (!isStaff(caller)) return [];
    const text = `${incident.title} ${incident.symptoms ?? ''}`.trim();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
        String(similarityThreshold),
      ]);
      const rows = await manager.query<Array<{ id: string; similarity: number }>>(
        `SELECT id, similarity(${similarityText}, $1) AS similarity FROM incident
         WHERE is_major AND id <> $2 AND ${similarityText} % $1
         ORDER BY (status IN ('RESOLVED', 'CLOSED')) DESC, similarity DESC, reported_at DESC, id
         LIMIT $3`,
        [text, incident.id, args.first],
      );
      return rows.map((row) => ({ incidentId: row.id, similarity: Number(row.similarity) }));
    });
  }
}

import type { DataSource, EntityManager } from 'typeorm';
import { type SlaColumns, type SlaRecord, parseSlaRecord, serializeSlaRecord } from './sla.record';

/**
 * The SLA columns of the incident row (migration 1763900000100). They are not on the Incident entity:
 * only this module reads and writes them, with the row already locked by the change or the timer, and
 * writing them never bumps the incident's version (the SLA is derived, not an edit).
 */
export async function loadSlaRecord(manager: EntityManager, incidentId: string): Promise<SlaRecord | null> {
  const [row] = await manager.query<Array<{ sla: unknown }>>(`SELECT sla FROM incident WHERE id = $1`, [
    incidentId,
  ]);
  return row?.sla ? parseSlaRecord(row.sla) : null;
}

export async function saveSlaRecord(
  manager: EntityManager,
  incidentId: string,
  record: SlaRecord,
  columns: SlaColumns,
): Promise<void> {
  await manager.query(
    `UPDATE incident SET sla = $2::jsonb, sla_status = $3, first_response_due_at = $4,
       resolution_due_at = $5, sla_at_risk_at = $6
     WHERE id = $1`,
    [
      incidentId,
      JSON.stringify(serializeSlaRecord(record)),
      columns.status,
      columns.firstResponseDueAt,
      columns.resolutionDueAt,
      columns.atRiskAt,
    ],
  );
}

/** The records of a batch of incidents (one query per page of `Incident.sla`); absent ids have none. */
export async function slaRecordsByIds(
  dataSource: DataSource,
  ids: readonly string[],
): Promise<Map<string, SlaRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await dataSource.query<Array<{ id: string; sla: unknown }>>(
    `SELECT id, sla FROM incident WHERE id = ANY($1::uuid[]) AND sla IS NOT NULL`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, parseSlaRecord(row.sla)]));
}

import type { DataSource, QueryRunner } from 'typeorm';
import type { MetricsState } from '../metrics/metrics.domain';
import { IncidentMetrics } from '../metrics/metrics.entity';

export const liveTable = 'incident_metrics';
/** Where a rebuild writes before the swap; a leftover of a crashed rebuild is dropped by the next one. */
export const shadowTable = 'incident_metrics_rebuild';
const replacedTable = 'incident_metrics_replaced';
/** The trigger that stamps each write with its transaction (migration 1763800000520). */
const liveTrigger = 'incident_metrics_stamp';
const shadowTrigger = 'incident_metrics_rebuild_stamp';

/**
 * The shadow projection table: created like the live one (columns, defaults, constraints, indexes), so
 * its `revision` default draws from the same `incident_metrics_revision` sequence, and swapped in by
 * renaming.
 */
export class ShadowTable {
  /** State property -> column, from the entity's mapping: every merged fact, not revision/updated_at. */
  private readonly columns: Array<{ property: keyof MetricsState; column: string }>;

  constructor(dataSource: DataSource) {
    this.columns = dataSource
      .getMetadata(IncidentMetrics)
      .columns.filter((c) => c.propertyName !== 'revision' && c.propertyName !== 'updatedAt')
      .map((c) => ({ property: c.propertyName as keyof MetricsState, column: c.databaseName }));
  }

  async create(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS ${shadowTable}`);
    await runner.query(`CREATE TABLE ${shadowTable} (LIKE ${liveTable} INCLUDING ALL)`);
    // LIKE copies no triggers: every write must still be stamped with its transaction (fact store).
    await runner.query(
      `CREATE TRIGGER ${shadowTrigger} BEFORE INSERT OR UPDATE ON ${shadowTable}
       FOR EACH ROW EXECUTE FUNCTION incident_metrics_stamp()`,
    );
  }

  async drop(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS ${shadowTable}`);
  }

  /**
   * Writes rows in batches, one statement each (`json_populate_recordset` maps the JSON keys to the
   * columns, arrays and timestamps included). A row already there is overwritten: the tail replay
   * rewrites the incidents it touched. Each write takes a new revision from the shared sequence.
   */
  async write(runner: QueryRunner, states: Iterable<MetricsState>, batchSize = 2000): Promise<number> {
    const names = this.columns.map((c) => c.column).join(', ');
    const updates = this.columns
      .filter((c) => c.column !== 'incident_id')
      .map((c) => `${c.column} = EXCLUDED.${c.column}`)
      .join(', ');
    const statement = `
      INSERT INTO ${shadowTable} (${names})
      SELECT ${names} FROM json_populate_recordset(NULL::${shadowTable}, $1::json)
      ON CONFLICT (incident_id) DO UPDATE
        SET ${updates}, revision = nextval('incident_metrics_revision'), updated_at = now()`;
    let written = 0;
    let batch: Array<Record<string, unknown>> = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await runner.query(statement, [JSON.stringify(batch)]);
      written += batch.length;
      batch = [];
    };
    for (const state of states) {
      batch.push(Object.fromEntries(this.columns.map((c) => [c.column, state[c.property]])));
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return written;
  }

  /**
   * Inside the caller's transaction, which holds the live table's lock: the shadow becomes the live table
   * and the old one is dropped. Its indexes take the canonical names back (matched by definition), so
   * the next rebuild, and migrations that name them, find what they expect. Consumers waiting on the
   * old table's lock look the name up again once it is released and write into the new table.
   */
  async swap(runner: QueryRunner): Promise<void> {
    const canonical = await this.indexesOf(runner, liveTable);
    const shadow = await this.indexesOf(runner, shadowTable);
    await runner.query(`ALTER TABLE ${liveTable} RENAME TO ${replacedTable}`);
    await runner.query(`ALTER TABLE ${shadowTable} RENAME TO ${liveTable}`);
    await runner.query(`DROP TABLE ${replacedTable}`);
    await runner.query(`ALTER TRIGGER ${shadowTrigger} ON ${liveTable} RENAME TO ${liveTrigger}`);
    for (const [definition, name] of shadow) {
      const wanted = canonical.get(definition);
      if (wanted && wanted !== name) await runner.query(`ALTER INDEX "${name}" RENAME TO "${wanted}"`);
    }
  }

  /** Index definition without its name and table -> index name. */
  private async indexesOf(runner: QueryRunner, table: string): Promise<Map<string, string>> {
    const rows = await selectRows<{ name: string; definition: string }>(
      runner,
      `SELECT indexname AS name, indexdef AS definition
         FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`,
      [table],
    );
    return new Map(
      rows.map((row) => [
        row.definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ /, 'CREATE $1INDEX ON '),
        row.name,
      ]),
    );
  }
}

/** The rows of a SELECT (or RETURNING) through a query runner, typed by the caller who wrote the SQL. */
export async function selectRows<TRow>(
  runner: QueryRunner,
  sql: string,
  parameters?: unknown[],
): Promise<TRow[]> {
  return (await runner.query(sql, parameters)) as TRow[];
}

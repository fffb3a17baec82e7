import type { DataSource, EntityManager } from 'typeorm';
import type { ReplayGuard } from './replay-guard';

/**
 * Replay protection shared by every replica, in `intake_replay_guard` (migration
 * `CreateIntakeReplayGuard1763800000500`). The primary key makes "first seen" atomic: of two requests
 * carrying the same signature at once, exactly one inserts the row. A row whose signature has expired
 * is taken over (the upsert's WHERE), so a leftover never blocks; expired rows are swept at most once a
 * minute per process.
 */
export class PostgresReplayGuard implements ReplayGuard {
  private lastSweep = 0;

  constructor(
    private readonly db: DataSource | EntityManager,
    private readonly options: { sweepIntervalMs?: number; now?: () => Date } = {},
  ) {}

  async firstSeen(signature: string, expiresAt: Date): Promise<boolean> {
    await this.sweep();
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO intake_replay_guard (signature, expires_at) VALUES ($1, $2)
       ON CONFLICT (signature) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE intake_replay_guard.expires_at < now()
       RETURNING signature`,
      [signature, expiresAt],
    );
    return rows.length === 1;
  }

  private async sweep(): Promise<void> {
    const now = (this.options.now?.() ?? new Date()).getTime();
    if (now - this.lastSweep < (this.options.sweepIntervalMs ?? 60_000)) return;
    this.lastSweep = now;
    await this.db.query(`DELETE FROM intake_replay_guard WHERE expires_at < now()`);
  }
}

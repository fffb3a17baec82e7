/**
 * Remembers the HMAC signatures already accepted, so a captured request cannot be sent again. A
 * signature only needs remembering until its timestamp leaves the tolerance window (`expiresAt`):
 * after that the timestamp check refuses it anyway.
 */
export interface ReplayGuard {
  /** True the first time a signature is presented (and records it); false for a replay. Atomic. */
  firstSeen(signature: string, expiresAt: Date): Promise<boolean>;
}

/** For tests and single-process use: forgets everything on restart and is not shared by replicas. */
export class InMemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  firstSeen(signature: string, expiresAt: Date): Promise<boolean> {
    const now = this.now().getTime();
    for (const [key, expiry] of this.seen) if (expiry < now) this.seen.delete(key);
    if (this.seen.has(signature)) return Promise.resolve(false);
    this.seen.set(signature, expiresAt.getTime());
    return Promise.resolve(true);
  }
}

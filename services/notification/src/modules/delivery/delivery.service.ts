import type { Caller } from '@mim/auth';
import { isUuid, parseInput, recordIdArg } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { Notification } from '../notification/notification.entity';
import { requireDeadLetterReader, requireResender } from './delivery.access';
import { notifyDeliveryDispatcher } from './delivery.channel';
import { deliveryNotFound, notDeadLettered } from './delivery.errors';
import { deadLetterArgs } from './delivery.input';

/** What operators do with deliveries that failed for good: list them, send them again. */
export class DeliveryService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (the dead letter index answers it). */
  async deadLettered(caller: Caller, rawArgs: unknown): Promise<Notification[]> {
    requireDeadLetterReader(caller);
    const { first } = parseInput(deadLetterArgs, rawArgs);
    return this.dataSource.getRepository(Notification).find({
      where: { status: 'DEAD_LETTERED' },
      order: { deadLetteredAt: 'DESC', id: 'DESC' },
      take: first,
    });
  }

  /**
   * Makes a dead-lettered delivery PENDING again, due now, with a fresh set of attempts; the last error
   * stays until the next attempt replaces it. One conditional UPDATE: of two operators resending at once,
   * one wins and the other is told it is no longer dead-lettered, so it is sent once.
   */
  async resend(caller: Caller, rawId: unknown): Promise<Notification> {
    requireResender(caller);
    const id = parseInput(recordIdArg, rawId);
    if (!isUuid(id)) throw deliveryNotFound(id);
    return this.dataSource.transaction(async (manager) => {
      const [, updated] = await manager.query<[unknown, number]>(
        `UPDATE notification SET
           status = 'PENDING', attempts = 0, next_attempt_at = now(), locked_until = NULL,
           dead_lettered_at = NULL
         WHERE id = $1 AND status = 'DEAD_LETTERED'`,
        [id],
      );
      const notification = await manager.getRepository(Notification).findOneBy({ id });
      if (!notification) throw deliveryNotFound(id);
      if (updated === 0) throw notDeadLettered(id, notification.status);
      await notifyDeliveryDispatcher(manager);
      return notification;
    });
  }
}

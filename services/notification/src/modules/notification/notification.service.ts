import { randomUUID } from 'node:crypto';
import type { Caller } from '@mim/auth';
import { type Envelope, notificationSentV1 } from '@mim/contracts';
import { appendToOutbox, newEvent } from '@mim/messaging';
import { isUuid, parseInput } from '@mim/service-kit';
import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { canRead, deliveryScope } from './notification.access';
import type { PlannedNotification } from './notification.domain';
import { Notification } from './notification.entity';
import { notificationNotFound } from './notification.errors';
import { inboxArgs } from './notification.input';

/** Notification use cases: deliveries (from consumers), the caller's inbox, and delivery logs. */
export class NotificationService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records the planned deliveries of one source event in the consumer's transaction, each with its
   * `notification.sent.v1`. A delivery that already exists for (event, recipient, channel) is skipped
   * without an event, so a redelivered event never tells anyone twice, inbox or not.
   */
  async deliver(
    manager: EntityManager,
    source: Pick<Envelope, 'id' | 'correlationId'>,
    plans: readonly PlannedNotification[],
  ): Promise<Notification[]> {
    const delivered: Notification[] = [];
    for (const plan of plans) {
      const notification = manager.create(Notification, {
        ...plan,
        id: randomUUID(),
        status: 'SENT',
        sourceEventId: source.id,
        createdAt: new Date(),
        readAt: null,
      });
      const inserted: unknown[] = await manager.query(
        `INSERT INTO notification
           (id, recipient_id, incident_id, channel, status, subject, body, source_event_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (source_event_id, recipient_id, channel) DO NOTHING
         RETURNING id`,
        [
          notification.id,
          notification.recipientId,
          notification.incidentId,
          notification.channel,
          notification.status,
          notification.subject,
          notification.body,
          notification.sourceEventId,
          notification.createdAt,
        ],
      );
      if (inserted.length > 0) delivered.push(notification);
    }
    await appendToOutbox(
      manager,
      delivered.map((notification) =>
        newEvent(notificationSentV1, {
          aggregateId: notification.id,
          aggregateVersion: 1,
          actor: { kind: 'system', id: 'notification' },
          correlationId: source.correlationId,
          occurredAt: notification.createdAt,
          data: {
            notificationId: notification.id,
            incidentId: notification.incidentId,
            recipientId: notification.recipientId,
            channel: notification.channel,
            subject: notification.subject,
            sourceEventId: notification.sourceEventId,
          },
        }),
      ),
    );
    return delivered;
  }

  /** The caller's own notifications, newest first. */
  async inbox(caller: Caller, rawArgs: unknown): Promise<Notification[]> {
    const args = parseInput(inboxArgs, rawArgs);
    return this.dataSource.getRepository(Notification).find({
      where: { recipientId: caller.subject, ...(args.unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: args.first,
    });
  }

  /** The inbox badge: the caller's own unread notifications (the partial unread index answers it). */
  async unreadCount(caller: Caller): Promise<number> {
    return this.dataSource
      .getRepository(Notification)
      .countBy({ recipientId: caller.subject, readAt: IsNull() });
  }

  /** Only the recipient may mark a notification read; the first read time is kept. */
  async markRead(caller: Caller, id: string): Promise<Notification> {
    if (!isUuid(id)) throw notificationNotFound(id);
    const repository = this.dataSource.getRepository(Notification);
    await repository.update({ id, recipientId: caller.subject, readAt: IsNull() }, { readAt: new Date() });
    const notification = await repository.findOneBy({ id, recipientId: caller.subject });
    if (!notification) throw notificationNotFound(id);
    return notification;
  }

  /** Batch lookup in the caller's scope, in the order asked (DataLoader and `_entities`). */
  async findVisibleByIds(caller: Caller, ids: readonly string[]): Promise<Array<Notification | null>> {
    const scope = deliveryScope(caller);
    const validIds = ids.filter(isUuid);
    const found = validIds.length
      ? await this.dataSource.getRepository(Notification).findBy({ id: In(validIds) })
      : [];
    const byId = new Map(found.filter((n) => canRead(scope, n)).map((n) => [n.id, n]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  /** The delivery logs of several incidents, oldest first, each filtered to what the caller may read. */
  async deliveryLogs(caller: Caller, incidentIds: readonly string[]): Promise<Notification[][]> {
    const scope = deliveryScope(caller);
    const validIds = incidentIds.filter(isUuid);
    const found = validIds.length
      ? await this.dataSource.getRepository(Notification).find({
          where: {
            incidentId: In(validIds),
            ...(scope.kind === 'recipient' ? { recipientId: scope.recipientId } : {}),
          },
          order: { createdAt: 'ASC', id: 'ASC' },
        })
      : [];
    const byIncident = new Map<string, Notification[]>();
    for (const notification of found) {
      const key = notification.incidentId ?? '';
      const log = byIncident.get(key);
      if (log) log.push(notification);
      else byIncident.set(key, [notification]);
    }
    // PostgreSQL returns uuids in lower case; a representation may not.
    return incidentIds.map((id) => byIncident.get(id.toLowerCase()) ?? []);
  }
}

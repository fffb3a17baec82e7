import type { Caller } from '@mim/auth';
import { isUuid, parseInput } from '@mim/service-kit';
import { type DataSource, In, IsNull } from 'typeorm';
import { canRead, deliveryScope } from './notification.access';
import { Notification } from './notification.entity';
import { notificationNotFound } from './notification.errors';
import { inboxArgs } from './notification.input';

/** Notification use cases: the caller's inbox, reads of deliveries, and delivery logs (deliveries are made by the planner). */
export class NotificationService {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's own notifications, newest first. */
  async inbox(caller: Caller, rawArgs: unknown): Promise<Notification[]> {
    const args = parseInput(inboxArgs, rawArgs);
    return this.dataSource.getRepository(Notification).find({
      where: {
        recipientId: caller.subject,
        channel: 'IN_APP',
        ...(args.unreadOnly ? { readAt: IsNull() } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: args.first,
    });
  }

  /** The inbox badge: the caller's own unread notifications (the partial unread index answers it). */
  async unreadCount(caller: Caller): Promise<number> {
    return this.dataSource
      .getRepository(Notification)
      .countBy({ recipientId: caller.subject, channel: 'IN_APP', readAt: IsNull() });
  }

  /** Only the recipient may mark an inbox notification read; the first read time is kept. */
  async markRead(caller: Caller, id: string): Promise<Notification> {
    if (!isUuid(id)) throw notificationNotFound(id);
    const repository = this.dataSource.getRepository(Notification);
    const mine = { id, recipientId: caller.subject, channel: 'IN_APP' as const };
    await repository.update({ ...mine, readAt: IsNull() }, { readAt: new Date() });
    const notification = await repository.findOneBy(mine);
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

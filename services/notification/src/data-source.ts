import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateNotifications1763800000400 } from './migrations/1763800000400-create-notifications';
import { Notification } from './modules/notification/notification.entity';

export const entities = [Notification, OutboxMessage, InboxMessage];
export const migrations = [CreateMessagingTables1763800000000, CreateNotifications1763800000400];

export function createNotificationDataSource(env: {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}): DataSource {
  return createDataSource({
    url: env.DATABASE_URL,
    entities,
    migrations,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: 'mim-notification',
  });
}

import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { CreateScheduledJobTable1763900000000, ScheduledJob } from '@mim/scheduler';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateNotifications1763800000400 } from './migrations/1763800000400-create-notifications';
import { DeliveryAttempts1763800000410 } from './migrations/1763800000410-delivery-attempts';
import { StakeholdersAndRules1763800000420 } from './migrations/1763800000420-stakeholders-and-rules';
import { IncidentSnapshots1763800000430 } from './migrations/1763800000430-incident-snapshots';
import { DefaultNotificationRules1763800000440 } from './migrations/1763800000440-default-notification-rules';
import { IncidentSnapshot } from './modules/incident-snapshot/incident-snapshot.entity';
import { Notification } from './modules/notification/notification.entity';
import { NotificationRule } from './modules/rule/rule.entity';
import {
  ServiceSubscription,
  Stakeholder,
  StakeholderGroup,
  StakeholderGroupMember,
} from './modules/stakeholder/stakeholder.entity';
import { WebhookEndpoint } from './modules/webhook-endpoint/webhook-endpoint.entity';

export const entities = [
  Notification,
  IncidentSnapshot,
  StakeholderGroup,
  Stakeholder,
  StakeholderGroupMember,
  ServiceSubscription,
  WebhookEndpoint,
  NotificationRule,
  OutboxMessage,
  InboxMessage,
  ScheduledJob,
];
export const migrations = [
  CreateMessagingTables1763800000000,
  CreateScheduledJobTable1763900000000,
  CreateNotifications1763800000400,
  DeliveryAttempts1763800000410,
  StakeholdersAndRules1763800000420,
  IncidentSnapshots1763800000430,
  DefaultNotificationRules1763800000440,
];

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

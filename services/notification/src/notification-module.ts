import type { DataSource } from 'typeorm';
import type { NotificationEnv } from './env';
import { DeliveryService } from './modules/delivery/delivery.service';
import { incidentUrlFrom } from './modules/incident-snapshot/incident-snapshot.facts';
import { NotificationPlanner } from './modules/notification/notification.planner';
import { createPlannerParts } from './modules/notification/notification.planner-parts';
import { NotificationReactions } from './modules/notification/notification.reactions';
import { NotificationService } from './modules/notification/notification.service';
import { RuleService } from './modules/rule/rule.service';
import { StakeholderDirectory } from './modules/stakeholder/stakeholder.directory';
import { StakeholderService } from './modules/stakeholder/stakeholder.service';
import { TemplateService } from './modules/template/template.service';
import { WebhookEndpointService } from './modules/webhook-endpoint/webhook-endpoint.service';

/** Every use case of the notification service, wired once per process. */
export interface NotificationModule {
  /** Inboxes, delivery records and delivery logs. */
  notifications: NotificationService;
  /** Events and timers -> deliveries (rules, audiences, templates). */
  planner: NotificationPlanner;
  /** What each consumed incident event does (consumers/). */
  reactions: NotificationReactions;
  /** The stakeholder directory: groups, people, service subscriptions. */
  stakeholders: StakeholderService;
  /** Who an audience is for one incident (the planner's, in its transaction). */
  directory: StakeholderDirectory;
  /** Notification rules, as data. */
  rules: RuleService;
  /** Previews of the message templates. */
  templates: TemplateService;
  /** Dead letters and resends of email and webhook deliveries. */
  deliveries: DeliveryService;
  /** Stakeholder groups' webhook endpoints. */
  webhookEndpoints: WebhookEndpointService;
}

export function createNotificationModule(dataSource: DataSource, env: NotificationEnv): NotificationModule {
  const directory = new StakeholderDirectory(env.NOTIFICATION_DEFAULT_LANGUAGE);
  const planner = new NotificationPlanner(
    createPlannerParts(directory),
    incidentUrlFrom(env.NOTIFICATION_INCIDENT_URL),
  );
  return {
    notifications: new NotificationService(dataSource),
    stakeholders: new StakeholderService(dataSource, env.NOTIFICATION_DEFAULT_LANGUAGE),
    directory,
    rules: new RuleService(dataSource),
    templates: new TemplateService(),
    deliveries: new DeliveryService(dataSource),
    webhookEndpoints: new WebhookEndpointService(dataSource),
    planner,
    reactions: new NotificationReactions(
      planner,
      env.NOTIFICATION_ESCALATE_TO_MANAGER_AFTER_MINUTES * 60_000,
    ),
  };
}

import type { EntityManager } from 'typeorm';
import { notifyDeliveryDispatcher } from '../delivery/delivery.channel';
import { webhookBody } from '../delivery/webhook-body';
import type { IncidentSnapshot } from '../incident-snapshot/incident-snapshot.entity';
import { ruleMatches } from '../rule/rule.domain';
import { enabledRulesFor } from '../rule/rule.service';
import type { StakeholderDirectory } from '../stakeholder/stakeholder.directory';
import { renderMessage } from '../template/template.render';
import type { NotificationTrigger } from './notification.vocabulary';
import type { PlannerParts } from './notification.planner';

/** The planner's parts: rules (data), the stakeholder directory, templates, webhook bodies, the dispatcher. */
export function createPlannerParts(directory: StakeholderDirectory): PlannerParts {
  return {
    matchingRules: async (manager: EntityManager, trigger: NotificationTrigger, incident: IncidentSnapshot) =>
      (await enabledRulesFor(manager, trigger)).filter((rule) =>
        ruleMatches(rule, {
          priority: incident.priority,
          major: incident.major,
          services: incident.affectedServices,
          category: incident.category,
        }),
      ),
    recipients: (manager, audiences, incident) => directory.recipientsOf(manager, audiences, incident),
    render: renderMessage,
    webhookBody,
    wakeDispatcher: notifyDeliveryDispatcher,
  };
}

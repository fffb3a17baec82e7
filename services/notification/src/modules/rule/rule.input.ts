import { expectedVersion, recordIdArg, requiredText } from '@mim/service-kit';
import { z } from 'zod';
import {
  notificationAudiences,
  notificationChannels,
  notificationTriggers,
} from '../notification/notification.vocabulary';
import { serviceNameList } from '../stakeholder/stakeholder.input';
import { priorities, ruleTargetProblems } from './rule.domain';

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** An optional list: omitted or null is empty (no condition). */
const listOf = <TItem extends z.ZodType>(item: TItem, max: number) =>
  z
    .array(item)
    .max(max, `must list at most ${max}`)
    .nullish()
    .transform((values) => unique(values ?? []));

/**
 * A notification rule, whole: creation and replacement alike. At least one audience and one channel; the
 * template defaults to the trigger's own; the cross-field rules are `ruleTargetProblems`.
 */
export const ruleInput = z
  .object({
    name: requiredText(100),
    trigger: z.enum(notificationTriggers),
    priorities: listOf(z.enum(priorities), priorities.length),
    majorOnly: z
      .boolean()
      .nullish()
      .transform((majorOnly) => majorOnly ?? false),
    services: serviceNameList({ min: 0 })
      .nullish()
      .transform((services) => services ?? []),
    categories: listOf(requiredText(100), 100),
    audiences: z
      .array(z.enum(notificationAudiences))
      .min(1, 'must name at least one audience')
      .transform(unique),
    channels: z
      .array(z.enum(notificationChannels))
      .min(1, 'must name at least one channel')
      .transform(unique),
    template: z.enum(notificationTriggers).nullish(),
    enabled: z
      .boolean()
      .nullish()
      .transform((enabled) => enabled ?? true),
  })
  .transform(({ template, ...rule }) => ({ ...rule, template: template ?? rule.trigger }))
  .superRefine((rule, context) => {
    for (const problem of ruleTargetProblems(rule)) {
      context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
    }
  });
export type RuleInput = z.output<typeof ruleInput>;

export const updateRuleArgs = z.object({ id: recordIdArg, expectedVersion, input: ruleInput });

export const rulesFilterArgs = z.object({
  trigger: z
    .enum(notificationTriggers)
    .nullish()
    .transform((trigger) => trigger ?? null),
});

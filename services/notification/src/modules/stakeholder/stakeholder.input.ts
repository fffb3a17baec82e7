import {
  expectedVersion,
  hasNoNul,
  noNulMessage,
  optionalText,
  recordIdArg,
  requiredText,
} from '@mim/service-kit';
import { z } from 'zod';
import { localeOf } from '../notification/notification.language';
import { stakeholderKinds } from '../notification/notification.vocabulary';

/** A service as incidents name it (`affectedServices`): trimmed, compared exactly. */
export const serviceName = requiredText(100);

/** A list of services, duplicates dropped, order kept. */
export const serviceNameList = (options: { min: number }) =>
  z
    .array(serviceName)
    .min(options.min, 'must name at least one service')
    .max(100, 'must name at most 100 services')
    .transform(unique);

export const supportTiers = ['L1', 'L2', 'L3'] as const;
export type SupportTier = (typeof supportTiers)[number];

/** The GraphQL `Language` (EN, FR) as a stored locale. */
export const languageInput = z.enum(['EN', 'FR']).transform(localeOf);

/** A user id as tokens carry it (`sub`). */
export const userIdInput = requiredText(200);

/**
 * A stakeholder group, whole: creation and replacement alike (`updateStakeholderGroup` sends every
 * field). Only technical teams have a support tier.
 */
export const stakeholderGroupInput = z
  .object({
    name: requiredText(100),
    kind: z.enum(stakeholderKinds),
    supportTier: z
      .enum(supportTiers)
      .nullish()
      .transform((tier) => tier ?? null),
    services: serviceNameList({ min: 0 })
      .nullish()
      .transform((services) => services ?? []),
    description: optionalText(1000),
  })
  .superRefine((group, context) => {
    if (group.supportTier !== null && group.kind !== 'TECHNICAL_TEAM') {
      context.addIssue({
        code: 'custom',
        path: ['supportTier'],
        message: 'only a TECHNICAL_TEAM group has a support tier',
      });
    }
  });
export type StakeholderGroupInput = z.output<typeof stakeholderGroupInput>;

export const updateStakeholderGroupArgs = z.object({
  id: recordIdArg,
  expectedVersion,
  input: stakeholderGroupInput,
});

/** An email address, or none (absent, null or blank): people without one are told in-app only. */
const optionalEmail = z
  .string()
  .refine(hasNoNul, noNulMessage)
  .trim()
  .max(254, 'must be at most 254 characters')
  .nullish()
  .transform((email) => (email ? email : null))
  .pipe(z.email('must be a valid email address').nullable());

/** A person, upserted by user id; an omitted language keeps theirs (or the default for a new person). */
export const saveStakeholderInput = z.object({
  userId: userIdInput,
  name: requiredText(200),
  email: optionalEmail,
  language: languageInput.nullish().transform((locale) => locale ?? null),
});
export type SaveStakeholderInput = z.output<typeof saveStakeholderInput>;

export const groupMembersArgs = z.object({
  groupId: recordIdArg,
  userIds: z
    .array(userIdInput)
    .min(1, 'must name at least one person')
    .max(500, 'must name at most 500 people')
    .transform(unique),
});

export const removeGroupMemberArgs = z.object({ groupId: recordIdArg, userId: userIdInput });

export const subscribeArgs = z.object({
  services: serviceNameList({ min: 1 }),
  language: languageInput.nullish().transform((locale) => locale ?? null),
});

export const unsubscribeArgs = z.object({ services: serviceNameList({ min: 1 }) });

export const groupsFilterArgs = z.object({
  kind: z
    .enum(stakeholderKinds)
    .nullish()
    .transform((kind) => kind ?? null),
});

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

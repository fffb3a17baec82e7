import { z } from 'zod';
import { expectedVersion, idArg, optionalText, requiredText } from '../../validation';
import { changeImpacts, changeRisks } from '../change-request/change-request.domain';
import { plannedWorkFields, withPlannedWindow } from '../change-request/change-request.input';

const plan = requiredText(20_000);

export const createTemplateInput = z.object({
  name: requiredText(200),
  description: requiredText(20_000),
  implementationPlan: plan,
  rollbackPlan: plan,
  testPlan: optionalText(20_000),
  risk: z.enum(changeRisks),
  impact: z.enum(changeImpacts).default('MINOR'),
});

/** Null or absent fields keep their value (testPlan: absent keeps it, null or blank clears it). */
export const updateTemplateInput = z.object({
  id: idArg,
  expectedVersion,
  name: requiredText(200).nullish(),
  description: requiredText(20_000).nullish(),
  implementationPlan: plan.nullish(),
  rollbackPlan: plan.nullish(),
  testPlan: optionalText(20_000).optional(),
  risk: z.enum(changeRisks).nullish(),
  impact: z.enum(changeImpacts).nullish(),
});

export const retireTemplateArgs = z.object({ id: idArg, expectedVersion });

export const templateListArgs = z.object({ includeRetired: z.boolean().nullish() });

export const createStandardChangeInput = withPlannedWindow(
  z.object({
    templateId: idArg,
    title: optionalText(200),
    description: optionalText(20_000),
    ...plannedWorkFields,
  }),
);

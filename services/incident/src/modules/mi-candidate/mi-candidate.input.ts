import { majorCandidateStatusSchema } from '@mim/contracts';
import { pageArgs } from '@mim/service-kit';
import { z } from 'zod';
import { hasNoNul, incidentIdArg, requiredText } from '../../validation';
import { impactStatementLimit } from '../major-incident/major-incident.input';

const candidateIdArg = z.string().refine(hasNoNul, 'must not contain NUL characters').max(100);

export const candidateListArgs = pageArgs.extend({
  status: majorCandidateStatusSchema.nullish(),
});

export const promoteCandidateInput = z.object({
  candidateId: candidateIdArg,
  majorIncidentId: incidentIdArg,
  /** Needed when the incident is not a major incident yet (it is declared with it). */
  impactStatement: requiredText(impactStatementLimit).nullish(),
});

export const dismissCandidateInput = z.object({
  candidateId: candidateIdArg,
  reason: requiredText(2_000),
});

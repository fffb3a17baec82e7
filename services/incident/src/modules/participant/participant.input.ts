import { participantRoleSchema } from '@mim/contracts';
import { z } from 'zod';
import { incidentIdArg, personInput, requiredText } from '../../validation';

export const addParticipantInput = z.object({
  incidentId: incidentIdArg,
  person: personInput,
  role: participantRoleSchema,
});

export const removeParticipantInput = z.object({
  incidentId: incidentIdArg,
  userId: requiredText(200),
});

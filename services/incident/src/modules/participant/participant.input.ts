import { participantRoleSchema } from '@mim/contracts';
import { z } from 'zod';
import { incidentIdArg, personInput, requiredText } from '../../validation';
import { importedAt } from '../import/import.input';

export const addParticipantInput = z.object({
  incidentId: incidentIdArg,
  person: personInput,
  role: participantRoleSchema,
  at: importedAt,
});

export const removeParticipantInput = z.object({
  incidentId: incidentIdArg,
  userId: requiredText(200),
});

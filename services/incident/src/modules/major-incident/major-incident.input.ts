import { z } from 'zod';
import { expectedVersion, incidentIdArg, requiredText } from '../../validation';
import { importedAt } from '../import/import.input';

export const impactStatementLimit = 2_000;

export const declareMajorIncidentInput = z.object({
  id: incidentIdArg,
  expectedVersion,
  impactStatement: requiredText(impactStatementLimit),
  at: importedAt,
});

export const recordServiceRestoredInput = z.object({
  id: incidentIdArg,
  expectedVersion,
  note: requiredText(1_000),
  at: importedAt,
});

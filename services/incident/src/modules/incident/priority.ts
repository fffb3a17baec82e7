import { type Impact, type Priority, type Urgency, prioritySchema } from '@mim/contracts';
import { z } from 'zod';

/**
 * The usual ITIL matrix: priority = impact rank + urgency rank - 1, capped at P5.
 *
 * | impact \ urgency | CRITICAL | HIGH | MEDIUM | LOW |
 * |------------------|----------|------|--------|-----|
 * | EXTENSIVE        | P1       | P2   | P3     | P4  |
 * | SIGNIFICANT      | P2       | P3   | P4     | P5  |
 * | MODERATE         | P3       | P4   | P5     | P5  |
 * | MINOR            | P4       | P5   | P5     | P5  |
 */
export type PriorityMatrix = Record<Impact, Record<Urgency, Priority>>;

export const defaultPriorityMatrix: PriorityMatrix = {
  EXTENSIVE: { CRITICAL: 'P1', HIGH: 'P2', MEDIUM: 'P3', LOW: 'P4' },
  SIGNIFICANT: { CRITICAL: 'P2', HIGH: 'P3', MEDIUM: 'P4', LOW: 'P5' },
  MODERATE: { CRITICAL: 'P3', HIGH: 'P4', MEDIUM: 'P5', LOW: 'P5' },
  MINOR: { CRITICAL: 'P4', HIGH: 'P5', MEDIUM: 'P5', LOW: 'P5' },
};

const row = z.strictObject({
  CRITICAL: prioritySchema,
  HIGH: prioritySchema,
  MEDIUM: prioritySchema,
  LOW: prioritySchema,
});

/**
 * A complete matrix: every impact x urgency cell set to P1..P5, nothing else. Priority must not rise as
 * impact or urgency fall (a MINOR x LOW incident can never outrank an EXTENSIVE x CRITICAL one).
 */
export const priorityMatrixSchema = z
  .strictObject({ EXTENSIVE: row, SIGNIFICANT: row, MODERATE: row, MINOR: row })
  .superRefine((matrix, context) => {
    for (const problem of monotonyProblems(matrix)) context.addIssue({ code: 'custom', message: problem });
  });

const impactsByRank: readonly Impact[] = ['EXTENSIVE', 'SIGNIFICANT', 'MODERATE', 'MINOR'];
const urgenciesByRank: readonly Urgency[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

function monotonyProblems(matrix: PriorityMatrix): string[] {
  const problems: string[] = [];
  const rank = (priority: Priority) => Number(priority.slice(1));
  impactsByRank.forEach((impact, i) =>
    urgenciesByRank.forEach((urgency, u) => {
      const here = rank(matrix[impact][urgency]);
      const lowerImpact = impactsByRank[i + 1];
      const lowerUrgency = urgenciesByRank[u + 1];
      if (lowerImpact && rank(matrix[lowerImpact][urgency]) < here) {
        problems.push(`${lowerImpact} x ${urgency} outranks ${impact} x ${urgency}`);
      }
      if (lowerUrgency && rank(matrix[impact][lowerUrgency]) < here) {
        problems.push(`${impact} x ${lowerUrgency} outranks ${impact} x ${urgency}`);
      }
    }),
  );
  return problems;
}

export function priorityOf(
  impact: Impact,
  urgency: Urgency,
  matrix: PriorityMatrix = defaultPriorityMatrix,
): Priority {
  return matrix[impact][urgency];
}

import { defaultPriorityMatrix, priorityMatrixSchema } from './priority';

describe('priority matrix configuration', () => {
  it('accepts the default matrix', () => {
    expect(priorityMatrixSchema.parse(defaultPriorityMatrix)).toEqual(defaultPriorityMatrix);
  });

  it('accepts a stricter matrix that never ranks a lower impact or urgency higher', () => {
    const strict = {
      ...defaultPriorityMatrix,
      SIGNIFICANT: { CRITICAL: 'P1', HIGH: 'P2', MEDIUM: 'P3', LOW: 'P4' },
    };
    expect(priorityMatrixSchema.safeParse(strict).success).toBe(true);
  });

  it('refuses a missing cell, an unknown priority and an unknown impact, naming each', () => {
    const result = priorityMatrixSchema.safeParse({
      ...defaultPriorityMatrix,
      EXTENSIVE: { CRITICAL: 'P0', HIGH: 'P2', MEDIUM: 'P3' },
      COSMIC: defaultPriorityMatrix.MINOR,
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['EXTENSIVE.CRITICAL', 'EXTENSIVE.LOW']));
    expect(result.error!.issues.some((issue) => issue.code === 'unrecognized_keys')).toBe(true);
  });

  it('refuses a matrix where less impact or less urgency gives a higher priority', () => {
    const inverted = {
      ...defaultPriorityMatrix,
      MINOR: { CRITICAL: 'P1', HIGH: 'P5', MEDIUM: 'P5', LOW: 'P5' },
    };
    const result = priorityMatrixSchema.safeParse(inverted);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message)).toContain(
      'MINOR x CRITICAL outranks MODERATE x CRITICAL',
    );
  });
});

import { incidentMajorDeclaredV1 } from '@mim/contracts';
import { problemForMajorIncident } from './major-incident-problem';

describe('the problem of a major incident', () => {
  const data = incidentMajorDeclaredV1.example;

  it('is titled after the incident and its impact, at its priority, linked to it, unowned', () => {
    expect(problemForMajorIncident(data)).toEqual({
      title:
        'Major incident INC-000123: About half of the traffic to customer domains returns HTTP 502 worldwide',
      description: expect.stringContaining(
        'INC-000123 was declared a major incident (2019-07-02T13:50:00.000Z)',
      ),
      priority: 'P1',
      affectedServices: [],
      owner: null,
      incidentIds: [data.incidentId],
      status: 'NEW',
      version: 1,
    });
  });

  it('keeps the title on one line and within 200 characters', () => {
    const long = problemForMajorIncident({ ...data, impactStatement: `Checkout\n  down ${'x'.repeat(400)}` });
    expect(long.title).toHaveLength(200);
    expect(long.title).toMatch(/^Major incident INC-000123: Checkout down x+…$/);
    expect(long.description).toContain('Checkout\n  down');
  });
});

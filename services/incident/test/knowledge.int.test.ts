import { IncidentHarness, operations } from './incident-harness';

const similar = `query($id: ID!, $first: Int) { incident(id: $id) {
  similarMajorIncidents(first: $first) { similarity incident { id status resolutionNotes } } } }`;

interface Similar {
  similarity: number;
  incident: { id: string; status: string; resolutionNotes: string | null };
}

/** Knowledge reuse: the past major incidents most like a new one, with their proven fix. */
describe('similar major incidents (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let manager: string;
  let alice: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    alice = await harness.token('alice', ['end_user'], 'Alice');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const major = async (title: string, symptoms: string, resolutionNotes: string | null) => {
    const { id } = await harness.create(manager, { title, symptoms, affectedServices: ['edge-proxy'] });
    await harness.ok(manager, operations.declareMajor, {
      input: { id, expectedVersion: 1, impactStatement: 'Customers are hit' },
    });
    if (resolutionNotes) {
      await harness.ok(manager, operations.resolve, {
        input: {
          id,
          expectedVersion: 2,
          resolutionCode: 'WORKAROUND',
          resolutionNotes,
          resolutionWithoutChangeReason: 'Kill switch',
        },
      });
    }
    return id;
  };

  it('ranks a past resolved major incident with near-identical text first, with its fix; never itself', async () => {
    const twin = await major(
      'HTTP 502 on every edge node',
      'CPU at 100% on all HTTP serving machines after a WAF rule deployment',
      'Disabled the WAF managed rules globally',
    );
    const openLookalike = await major(
      'HTTP 502 on every edge node',
      'CPU at 100% on all HTTP serving machines after a WAF rule deployment',
      null,
    );
    const distant = await major('Printer on floor 3 jams', 'Paper stuck in tray 2', 'Replaced the roller');
    const ordinary = await harness.create(manager, {
      title: 'HTTP 502 on every edge node',
      symptoms: 'CPU at 100% on all HTTP serving machines after a WAF rule deploy',
    });

    const response = await harness.call<{ incident: { similarMajorIncidents: Similar[] } }>(
      manager,
      similar,
      {
        id: ordinary.id,
      },
    );
    expect(response.errors).toBeUndefined();
    const found = response.data!.incident.similarMajorIncidents;
    const ids = found.map((entry) => entry.incident.id);
    expect(ids[0]).toBe(twin);
    expect(found[0]).toMatchObject({
      incident: { status: 'RESOLVED', resolutionNotes: 'Disabled the WAF managed rules globally' },
    });
    expect(found[0]!.similarity).toBeGreaterThan(0.8);
    // Resolved first, even though the open one is as alike; the unrelated one is not similar at all.
    expect(ids.indexOf(openLookalike)).toBeGreaterThan(0);
    expect(ids).not.toContain(distant);
    expect(ids).not.toContain(ordinary.id);

    // A major incident never finds itself.
    const own = await harness.call<{ incident: { similarMajorIncidents: Similar[] } }>(manager, similar, {
      id: twin,
      first: 1,
    });
    expect(own.data!.incident.similarMajorIncidents.map((entry) => entry.incident.id)).toEqual([
      openLookalike,
    ]);
  });

  it('is empty for a reporter, and refuses a page size out of range', async () => {
    const mine = await harness.create(alice, { channel: 'PORTAL', title: 'HTTP 502 on every edge node' });
    const response = await harness.call<{ incident: { similarMajorIncidents: Similar[] } }>(alice, similar, {
      id: mine.id,
    });
    expect(response.data!.incident.similarMajorIncidents).toEqual([]);
    const tooMany = await harness.call(manager, similar, { id: mine.id, first: 500 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { eventually, graphqlRequest, tokenFor } from '@mim/testing';
import { type Stack, startStack } from './stack';

const t = (time: string) => `2019-07-02T${time}:00.000Z`;

interface Replayed {
  number: string;
  status: string;
  isMajor: boolean;
  reportedAt: string;
  failureStartedAt: string;
  acknowledgedAt: string;
  majorDeclaredAt: string;
  serviceRestoredAt: string;
  resolvedAt: string;
  downtimeSeconds: number;
  metrics: {
    timeToDetectSeconds: number;
    timeToAcknowledgeSeconds: number;
    timeToResolveSeconds: number;
  } | null;
  timeline: { nodes: Array<{ kind: string; occurredAt: string; summary: string }> };
}

/**
 * DOMAIN.md's worked scenario (Cloudflare, 2 July 2019) replayed through the gateway with the import
 * API (admin `at`): the timeline holds every step in order, and the incident's own figures come out right.
 */
describe('the Cloudflare outage of 2 July 2019, replayed through the gateway', () => {
  let stack: Stack;
  let importer: string;

  beforeAll(async () => {
    stack = await startStack();
    importer = await tokenFor('importer-2019', ['admin'], { name: 'History Importer' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await graphqlRequest<T>(stack.gatewayUrl, query, { token: importer, variables });
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };

  it('records every step in order, detected 3 minutes after the change, mitigated at 14:07, resolved at 14:52', async () => {
    // 13:42 a WAF managed rule is deployed; 13:45 the traffic drop and the 502s are reported.
    const { createIncident: incident } = await call<{ createIncident: { id: string; version: number } }>(
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version } }`,
      {
        input: {
          title: 'HTTP 502 on every edge: CPU at 100% on the serving machines',
          description: 'Traffic dropped by 80%; end-to-end tests fail; users see 502 errors worldwide',
          symptoms: 'CPU exhaustion reports from points of presence worldwide after a WAF rule deployment',
          channel: 'MONITORING',
          impact: 'SIGNIFICANT',
          urgency: 'HIGH',
          affectedServices: ['edge-proxy'],
          reportedAt: t('13:45'),
          failureStartedAt: t('13:42'),
        },
      },
    );
    let version = incident.version;
    const step = async (mutation: string, variables: Record<string, unknown>) => {
      const data = await call<Record<string, { version: number }>>(mutation, variables);
      version = Object.values(data)[0]!.version;
    };
    const id = incident.id;
    await step(
      `mutation($id: ID!, $v: Int!, $at: DateTime) { acknowledgeIncident(id: $id, expectedVersion: $v, at: $at) { version } }`,
      {
        id,
        v: version,
        at: t('13:46'),
      },
    );
    await step(
      `mutation($input: DeclareMajorIncidentInput!) { declareMajorIncident(input: $input) { version } }`,
      {
        input: {
          id,
          expectedVersion: version,
          impactStatement: 'About half of the traffic to customer domains fails with 502',
          at: t('13:48'),
        },
      },
    );
    await step(
      `mutation($input: AddIncidentParticipantInput!) { addIncidentParticipant(input: $input) { version } }`,
      {
        input: {
          incidentId: id,
          person: { id: 'sre-london', name: 'London SRE' },
          role: 'TECHNICAL_STAFF',
          at: t('13:50'),
        },
      },
    );
    await step(
      `mutation($id: ID!, $v: Int!, $at: DateTime) { startIncident(id: $id, expectedVersion: $v, at: $at) { version } }`,
      {
        id,
        v: version,
        at: t('13:51'),
      },
    );
    await call(
      `mutation($id: ID!, $at: DateTime) { addIncidentComment(incidentId: $id, body: "14:00: the WAF is identified as the cause", visibility: INTERNAL, at: $at) { id } }`,
      { id, at: t('14:00') },
    );
    await step(
      `mutation($input: RecordServiceRestoredInput!) { recordServiceRestored(input: $input) { version } }`,
      {
        input: {
          id,
          expectedVersion: version,
          note: 'WAF disabled globally; traffic back to normal',
          at: t('14:07'),
        },
      },
    );
    await step(`mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) { version } }`, {
      input: {
        id,
        expectedVersion: version,
        resolutionCode: 'PERMANENT_FIX',
        resolutionNotes: 'Cause understood, a fix in place, the WAF re-enabled globally',
        resolutionWithoutChangeReason: 'Replayed from 2019: the fix predates the change records in MIM',
        at: t('14:52'),
      },
    });

    const read = () =>
      call<{ incident: Replayed }>(
        `query($id: ID!) { incident(id: $id) {
           number status isMajor reportedAt failureStartedAt acknowledgedAt majorDeclaredAt serviceRestoredAt resolvedAt downtimeSeconds
           metrics { timeToDetectSeconds timeToAcknowledgeSeconds timeToResolveSeconds }
           timeline(first: 100) { nodes { kind occurredAt summary } }
         } }`,
        { id },
      );
    // The analytics read model follows the events; wait for it to hold the resolution.
    await eventually(async () => expect((await read()).incident.metrics?.timeToResolveSeconds).toBe(67 * 60));
    const { incident: replayed } = await read();

    expect(replayed).toMatchObject({
      status: 'RESOLVED',
      isMajor: true,
      reportedAt: t('13:45'),
      failureStartedAt: t('13:42'),
      acknowledgedAt: t('13:46'),
      majorDeclaredAt: t('13:48'),
      serviceRestoredAt: t('14:07'),
      resolvedAt: t('14:52'),
      // Down from the deployment at 13:42 until traffic returned at 14:07.
      downtimeSeconds: 25 * 60,
      metrics: {
        // Detected 3 minutes after the change.
        timeToDetectSeconds: 3 * 60,
        timeToAcknowledgeSeconds: 60,
        timeToResolveSeconds: 67 * 60,
      },
    });
    // Every replayed step, in order, at its own time (other services' reactions are stamped today).
    const history = replayed.timeline.nodes
      .filter((entry) => entry.occurredAt.startsWith('2019-'))
      .map((entry) => [entry.occurredAt, entry.kind]);
    expect(history).toEqual([
      [t('13:45'), 'created'],
      [t('13:46'), 'status_changed'],
      [t('13:48'), 'major_declared'],
      [t('13:50'), 'participant_added'],
      [t('13:51'), 'status_changed'],
      [t('14:00'), 'comment_added'],
      [t('14:07'), 'service_restored'],
      [t('14:52'), 'status_changed'],
    ]);
    // The declaration opened a problem record (problem service), linked both ways.
    await eventually(async () => {
      const linked = await call<{ incident: { problems: Array<{ title: string }> } }>(
        `query($id: ID!) { incident(id: $id) { problems { title } } }`,
        { id },
      );
      expect(linked.incident.problems[0]?.title).toContain(replayed.number);
    });
  });
});

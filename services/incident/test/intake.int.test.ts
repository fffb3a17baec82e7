import { createIncidentModule } from '../src/incident-module';
import { type IntakeResult, createIncidentIntakeSink } from '../src/modules/intake';
import { IncidentHarness, operations } from './incident-harness';

const bearer = 'intake-int-bearer-secret-0123456789abcdef';

interface Read {
  id: string;
  number: string;
  status: string;
  version: number;
  channel: string;
  reporter: { id: string; name: string; email: string | null };
  monitoringAlert: {
    fingerprint: string;
    occurrences: number;
    status: string;
    resolvedAt: string | null;
  } | null;
  comments: Array<{ visibility: string; body: string; author: { id: string; name: string } }>;
  timeline: { nodes: Array<{ kind: string; source: string; detail: Record<string, unknown> }> };
}

const readIncident = `query($id: ID!) { incident(id: $id) {
  id number status version channel reporter { id name email }
  monitoringAlert { fingerprint occurrences status resolvedAt }
  comments { visibility body author { id name } }
  timeline(first: 100) { nodes { kind source detail } }
} }`;

/**
 * The intake endpoints as the incident service mounts them (server.ts), on its real use cases and
 * PostgreSQL: who an emailed reply is from decides whether the reporter sees it; a person ending an
 * incident closes its alert group; auto-resolve can be turned off; no secret, no endpoints.
 */
describe('intake wired into the incident service (real HTTP and PostgreSQL)', () => {
  let harness: IncidentHarness;
  let base: string;
  let technician: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start({ INTAKE_BEARER_SECRETS: bearer });
    base = harness.service.url.replace(/\/graphql$/, '');
    technician = await harness.token('tech-intake', ['service_desk_technician'], 'Tess Tech');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const post = async (path: string, body: string, contentType: string) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, authorization: `Bearer ${bearer}` },
    });
    const json = (await response.json()) as { results: IntakeResult[] };
    return { status: response.status, results: json.results };
  };
  const alert = (fingerprint: string, status: 'firing' | 'resolved') =>
    post(
      '/intake/alerts',
      JSON.stringify({
        source: 'nagios',
        fingerprint,
        status,
        severity: 'warning',
        title: `Disk almost full (${fingerprint})`,
        service: 'billing',
      }),
      'application/json',
    );
  const email = (from: string, subject: string, text: string) =>
    post(
      '/intake/email',
      [`From: ${from}`, `Subject: ${subject}`, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join(
        '\r\n',
      ),
      'message/rfc822',
    );
  const read = (id: string) => harness.ok<Read>(technician, readIncident, { id });

  it('makes a reply from the reporter a public comment, and one from anyone else an internal work note', async () => {
    const created = await email('Alice Martin <alice@example.fr>', 'Printer jammed', 'Error E52');
    expect(created).toMatchObject({ status: 202, results: [{ outcome: 'INCIDENT_CREATED' }] });
    const { incidentId, incidentNumber } = created.results[0]!;
    const incident = await read(incidentId!);
    expect(incident).toMatchObject({
      channel: 'EMAIL',
      number: incidentNumber,
      reporter: { id: 'contact:alice@example.fr', name: 'Alice Martin', email: 'alice@example.fr' },
    });

    const fromReporter = await email(
      'ALICE@example.fr',
      `RE: [${incidentNumber}] Printer jammed`,
      'Still jammed',
    );
    expect(fromReporter.results[0]).toMatchObject({ outcome: 'COMMENT_ADDED', incidentId, incidentNumber });
    const fromStranger = await email('Mallory <mallory@evil.example>', `RE: ${incidentNumber}`, 'Click here');
    expect(fromStranger.results[0]).toMatchObject({ outcome: 'COMMENT_ADDED', incidentId });

    const { comments } = await read(incidentId!);
    expect(comments).toEqual([
      {
        visibility: 'PUBLIC',
        body: 'Still jammed',
        author: { id: 'contact:alice@example.fr', name: 'ALICE@example.fr' },
      },
      {
        visibility: 'INTERNAL',
        body: expect.stringMatching(/^Email from Mallory <mallory@evil\.example>, who is not the reporter/),
        author: { id: 'contact:mallory@evil.example', name: 'Mallory' },
      },
    ]);
    // An unknown number in the subject is not a reply: a new incident.
    const unknown = await email('bob@example.fr', 'RE: INC-999999 VPN', 'VPN down');
    expect(unknown.results[0]).toMatchObject({ outcome: 'INCIDENT_CREATED' });
  });

  it('closes the alert group when a person cancels the incident, so the alert firing again opens a new one', async () => {
    const first = await alert('fp-cancel', 'firing');
    expect(first.results[0]).toMatchObject({ outcome: 'INCIDENT_CREATED', occurrences: 1 });
    const { incidentId } = first.results[0]!;
    expect((await alert('fp-cancel', 'firing')).results[0]).toMatchObject({
      outcome: 'OCCURRENCE_ADDED',
      incidentId,
      occurrences: 2,
    });
    const before = await read(incidentId!);
    expect(before.monitoringAlert).toEqual({
      fingerprint: 'nagios:fp-cancel',
      occurrences: 2,
      status: 'OPEN',
      resolvedAt: null,
    });

    await harness.ok(technician, operations.cancel, {
      input: { id: incidentId, expectedVersion: before.version, reason: 'Known noisy check' },
    });
    expect((await read(incidentId!)).monitoringAlert).toMatchObject({ status: 'RESOLVED', occurrences: 2 });
    // The alert's own resolution finds nothing open; its next firing is a new incident.
    expect((await alert('fp-cancel', 'resolved')).results[0]).toMatchObject({ outcome: 'IGNORED' });
    const again = await alert('fp-cancel', 'firing');
    expect(again.results[0]).toMatchObject({ outcome: 'INCIDENT_CREATED' });
    expect(again.results[0]!.incidentId).not.toBe(incidentId);
  });

  it('resolves the incident with the alert, leaves one a person already resolved alone, never deadlocks', async () => {
    // A person resolving while the alert resolves: each round ends with one resolution and no error.
    for (let round = 0; round < 8; round += 1) {
      const fingerprint = `fp-race-${round}`;
      const { incidentId } = (await alert(fingerprint, 'firing')).results[0]!;
      const [byPerson, byAlert] = await Promise.all([
        harness.call(technician, operations.resolve, {
          input: {
            id: incidentId,
            expectedVersion: 1,
            resolutionCode: 'PERMANENT_FIX',
            resolutionNotes: 'Disk cleaned',
          },
        }),
        alert(fingerprint, 'resolved'),
      ]);
      expect(byAlert.status).toBe(202);
      // Either the person was first, or the alert resolved it and the person's version is stale.
      expect([undefined, 'CONFLICT']).toContain(byPerson.errors?.[0]?.extensions?.code);
      const incident = await read(incidentId!);
      expect(incident).toMatchObject({ status: 'RESOLVED', version: 2 });
      expect(incident.monitoringAlert?.status).toBe('RESOLVED');
    }
  });

  it('leaves a major incident open when its alert resolves before a fixing change is implemented', async () => {
    const manager = await harness.token('mim-intake', ['major_incident_manager'], 'Mia Manager');
    const { incidentId } = (await alert('fp-major', 'firing')).results[0]!;
    await harness.ok(manager, operations.declareMajor, {
      input: { id: incidentId, expectedVersion: 1, impactStatement: 'Billing is down for everyone' },
    });
    const resolution = await alert('fp-major', 'resolved');
    expect(resolution).toMatchObject({ status: 202, results: [{ outcome: 'ALERT_RESOLVED', incidentId }] });
    const incident = await read(incidentId!);
    // The alert's resolution is on the timeline; the major incident waits for its manager (and its change).
    expect(incident).toMatchObject({ status: 'NEW', version: 2, monitoringAlert: { status: 'RESOLVED' } });
    expect(incident.timeline.nodes.map((node) => node.kind)).toEqual([
      'created',
      'major_declared',
      'monitoring_alert_resolved',
    ]);
  });

  it('adds the resolution to the timeline without resolving the incident when auto-resolve is off', async () => {
    const { dataSource, env } = harness.service.deps;
    const sink = createIncidentIntakeSink({
      dataSource,
      useCases: createIncidentModule(dataSource, env),
      policy: { autoResolve: false },
    });
    const context = { correlationId: 'intake-int', authMethod: 'bearer', endpoint: 'alerts' } as const;
    const firing = (await alert('fp-manual', 'firing')).results[0]!;
    const [resolution] = await sink.receiveAlerts(
      [
        {
          fingerprint: 'nagios:fp-manual',
          status: 'RESOLVED',
          source: 'nagios',
          title: 'Disk almost full (fp-manual)',
          description: 'cleared',
          severity: 'warning',
          impact: 'MODERATE',
          urgency: 'HIGH',
          affectedServices: [],
          configurationItems: [],
          startsAt: new Date(),
          endsAt: new Date(),
          labels: {},
          sourceUrl: null,
        },
      ],
      context,
    );
    expect(resolution).toMatchObject({ outcome: 'ALERT_RESOLVED', incidentId: firing.incidentId });
    const incident = await read(firing.incidentId!);
    expect(incident.status).toBe('NEW');
    const resolutionEntries = incident.timeline.nodes.filter(
      (entry) => entry.kind === 'monitoring_alert_resolved',
    );
    expect(resolutionEntries).toEqual([
      expect.objectContaining({
        source: 'intake',
        detail: expect.objectContaining({ fingerprint: 'nagios:fp-manual', occurrences: 1 }),
      }),
    ]);
    expect(incident.timeline.nodes.map((entry) => entry.kind)).not.toContain('status_changed');
  });

  it('serves no intake endpoint while no secret is configured', async () => {
    const disabled = await IncidentHarness.start();
    try {
      const url = disabled.service.url.replace(/\/graphql$/, '/intake/alertmanager');
      const response = await fetch(url, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      });
      expect(response.status).toBe(404);
      expect((await disabled.counts()).incidents).toBe(0);
    } finally {
      await disabled.stop();
    }
  });
});

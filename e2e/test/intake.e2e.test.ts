import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphqlRequest, tokenFor } from '@mim/testing';
import { type Stack, startStack } from './stack';

const hmacKey = 'e2e-intake-hmac-key-0123456789abcdef';
const bearer = 'e2e-intake-bearer-secret-0123456789abcdef';

/** The Alertmanager notifications captured from a real Alertmanager (payload version 4), byte for byte. */
const fixtures = join(__dirname, '../../services/incident/src/modules/intake/fixtures');
const firing = readFileSync(join(fixtures, 'alertmanager-firing.json'));
const resolved = readFileSync(join(fixtures, 'alertmanager-resolved.json'));
const fingerprints = (
  JSON.parse(firing.toString('utf8')) as { alerts: Array<{ fingerprint: string }> }
).alerts.map((alert) => alert.fingerprint);

interface ListedIncident {
  id: string;
  number: string;
  title: string;
  description: string;
  channel: string;
  status: string;
  priority: string;
  impact: string;
  urgency: string;
  reporter: { id: string; name: string; email: string | null };
  affectedServices: string[];
  monitoringAlert: { fingerprint: string; occurrences: number; status: string } | null;
  comments: Array<{ visibility: string; body: string; author: { id: string; name: string } }>;
  timeline: { nodes: Array<{ kind: string; source: string; summary: string }> };
}

const listIncidents = `query($filter: IncidentFilter) { incidents(first: 100, filter: $filter) { nodes {
  id number title description channel status priority impact urgency
  reporter { id name email } affectedServices
  monitoringAlert { fingerprint occurrences status }
  comments { visibility body author { id name } }
  timeline(first: 50) { nodes { kind source summary } }
} } }`;

/**
 * Monitoring and email intake end to end: real Alertmanager payloads and a raw MIME message posted to
 * the incident service's intake endpoints, the results read through the gateway as a technician.
 */
describe('monitoring and email intake, end to end (intake HTTP -> incident service -> gateway)', () => {
  let stack: Stack;
  let intakeBase: string;
  let technician: string;
  let clock = 0;

  beforeAll(async () => {
    stack = await startStack({
      incidentEnv: {
        INTAKE_HMAC_SECRETS: hmacKey,
        INTAKE_BEARER_SECRETS: bearer,
        INTAKE_AUTO_RESOLVE: 'true',
      },
    });
    intakeBase = stack.services.incident.url.replace(/\/graphql$/, '');
    technician = await tokenFor('tech-intake-e2e', ['service_desk_technician'], { name: 'Tess Tech' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Signs as a sender would: HMAC-SHA256 over `<timestamp>.<body>`; each request a fresh timestamp. */
  const signed = (body: Buffer | string, key = hmacKey) => {
    const timestamp = String(Math.floor(Date.now() / 1000) + clock++);
    const signature = createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex');
    return { 'x-mim-timestamp': timestamp, 'x-mim-signature': `sha256=${signature}` };
  };
  const post = async (path: string, body: Buffer | string, headers: Record<string, string>) => {
    const response = await fetch(`${intakeBase}${path}`, { method: 'POST', body, headers });
    return {
      status: response.status,
      body: (await response.json()) as {
        results?: Array<{ outcome: string; incidentId: string | null; incidentNumber?: string | null }>;
        error?: { code: string; fields?: unknown[] };
      },
    };
  };
  const postAlertmanager = (body: Buffer | string, key = hmacKey) =>
    post('/intake/alertmanager', body, { 'content-type': 'application/json', ...signed(body, key) });
  const postEmail = (raw: string) =>
    post('/intake/email', raw, { 'content-type': 'message/rfc822', authorization: `Bearer ${bearer}` });
  const incidents = async (filter: Record<string, unknown> = {}) => {
    const response = await graphqlRequest<{ incidents: { nodes: ListedIncident[] } }>(
      stack.gatewayUrl,
      listIncidents,
      { token: technician, variables: { filter } },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.incidents.nodes;
  };
  const monitoringIncidents = () => incidents({ channel: ['MONITORING'] });
  const alertGroups = async () => {
    const [row] = await stack.services.incident.deps.dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM monitoring_alert_group`,
    );
    return row.count;
  };

  it('opens one incident per alert, counts a repeated notification, and resolves with the alert', async () => {
    const first = await postAlertmanager(firing);
    expect(first.status).toBe(202);
    expect(first.body.results?.map((result) => result.outcome)).toEqual([
      'INCIDENT_CREATED',
      'INCIDENT_CREATED',
    ]);

    let listed = await monitoringIncidents();
    for (const fingerprint of fingerprints) {
      const matching = listed.filter((incident) => incident.monitoringAlert?.fingerprint === fingerprint);
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({
        channel: 'MONITORING',
        status: 'NEW',
        title: 'Checkout returns HTTP 502',
        // severity "critical" -> impact SIGNIFICANT x urgency CRITICAL -> P2 in the default matrix
        impact: 'SIGNIFICANT',
        urgency: 'CRITICAL',
        priority: 'P2',
        reporter: { name: 'alertmanager' },
        affectedServices: ['checkout'],
        monitoringAlert: { fingerprint, occurrences: 1, status: 'OPEN' },
      });
    }
    expect(listed).toHaveLength(fingerprints.length);

    // Alertmanager repeats the notification (repeat_interval): an occurrence, not a new incident.
    const timelineBefore = listed.map((incident) => incident.timeline.nodes.length);
    const repeat = await postAlertmanager(firing);
    expect(repeat.body.results?.map((result) => result.outcome)).toEqual([
      'OCCURRENCE_ADDED',
      'OCCURRENCE_ADDED',
    ]);
    listed = await monitoringIncidents();
    expect(listed).toHaveLength(fingerprints.length);
    expect(listed.map((incident) => incident.monitoringAlert?.occurrences)).toEqual([2, 2]);
    // Occurrences are counted on the alert, not written to the timeline one by one.
    expect(listed.map((incident) => incident.timeline.nodes.length)).toEqual(timelineBefore);

    const resolution = await postAlertmanager(resolved);
    expect(resolution.body.results?.map((result) => result.outcome)).toEqual([
      'ALERT_RESOLVED',
      'ALERT_RESOLVED',
    ]);
    listed = await monitoringIncidents();
    expect(listed).toHaveLength(fingerprints.length);
    for (const incident of listed) {
      expect(incident).toMatchObject({
        status: 'RESOLVED',
        monitoringAlert: { occurrences: 2, status: 'RESOLVED' },
      });
      // In order of occurrence: the alert's resolution at the source carries its own time.
      const kinds = incident.timeline.nodes.map((entry) => entry.kind);
      expect(kinds.filter((kind) => kind === 'monitoring_alert_resolved')).toHaveLength(1);
      expect(incident.timeline.nodes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'monitoring_alert_resolved',
            source: 'intake',
            summary: expect.stringContaining('after firing 2 times'),
          }),
          expect.objectContaining({ kind: 'status_changed', summary: 'Resolved (RESOLVED_BY_CALLER)' }),
        ]),
      );
    }
  });

  it('turns an email into an incident reported by the sender, and their reply into a public comment', async () => {
    const subject = 'Imprimante bloquée au 3ᵉ étage';
    const encoded = `=?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`;
    const message = (lines: string[]) => lines.join('\r\n');
    const created = await postEmail(
      message([
        'From: =?UTF-8?Q?Am=C3=A9lie_Durand?= <amelie.durand@example.fr>',
        'To: support@mim.example.org',
        `Subject: ${encoded}`,
        'Message-ID: <e2e-1@example.fr>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        "L'imprimante affiche l'erreur E52 depuis ce matin.",
        '--b1',
        'Content-Type: text/html; charset=utf-8',
        '',
        "<p>L'imprimante affiche l'erreur <b>E52</b> depuis ce matin.</p>",
        '--b1--',
        '',
      ]),
    );
    expect(created.status).toBe(202);
    expect(created.body.results).toEqual([expect.objectContaining({ outcome: 'INCIDENT_CREATED' })]);
    const { incidentNumber } = created.body.results![0]!;

    const [incident] = await incidents({ channel: ['EMAIL'] });
    expect(incident).toMatchObject({
      number: incidentNumber,
      channel: 'EMAIL',
      title: subject,
      description: "L'imprimante affiche l'erreur E52 depuis ce matin.",
      reporter: { name: 'Amélie Durand', email: 'amelie.durand@example.fr' },
      monitoringAlert: null,
    });

    const reply = await postEmail(
      message([
        'From: Amélie Durand <amelie.durand@example.fr>',
        `Subject: RE: [${incidentNumber}] ${encoded}`,
        'In-Reply-To: <e2e-1@example.fr>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Toujours bloquée, merci de passer.',
        '',
      ]),
    );
    expect(reply.body.results).toEqual([
      expect.objectContaining({ outcome: 'COMMENT_ADDED', incidentNumber, incidentId: incident!.id }),
    ]);
    const [commented] = await incidents({ channel: ['EMAIL'] });
    expect(commented!.comments).toEqual([
      {
        visibility: 'PUBLIC',
        body: 'Toujours bloquée, merci de passer.',
        author: { id: incident!.reporter.id, name: 'Amélie Durand' },
      },
    ]);
    expect(await incidents({ channel: ['EMAIL'] })).toHaveLength(1);
  });

  it('refuses a bad signature (401) and a malformed payload (400 BAD_USER_INPUT), creating nothing', async () => {
    const before = { incidents: (await incidents()).length, groups: await alertGroups() };
    const fresh = firing.toString('utf8').replaceAll('7cd3eaf528e6b237', 'aaaaaaaaaaaaaaaa');

    const forged = await postAlertmanager(fresh, 'not-the-key-0123456789abcdef0123456789');
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });

    const malformed = await postAlertmanager(
      JSON.stringify({ version: '4', status: 'firing', alerts: [{}] }),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'BAD_USER_INPUT', fields: expect.any(Array) });

    expect({ incidents: (await incidents()).length, groups: await alertGroups() }).toEqual(before);
  });
});

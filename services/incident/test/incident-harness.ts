import 'reflect-metadata';
import type { Role } from '@mim/auth';
import type { RunningService } from '@mim/service-kit';
import { ServiceCaller, type TestService, startTestService, tokenFor } from '@mim/testing';
import { type IncidentEnv, readEnv } from '../src/env';
import { incidentService } from '../src/service-definition';

/** The fields most tests read back after a change. */
export const incidentFields = `id number status version priority impact urgency supportTier assignmentGroup
  assignee { id name } escalationManager { id name } holdReason holdNote resolutionCode resolutionNotes
  reopenCount category subcategory reportedAt failureStartedAt`;

export const operations = {
  create: `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { ${incidentFields} } }`,
  acknowledge: `mutation($id: ID!, $v: Int!) { acknowledgeIncident(id: $id, expectedVersion: $v) { ${incidentFields} } }`,
  start: `mutation($id: ID!, $v: Int!) { startIncident(id: $id, expectedVersion: $v) { ${incidentFields} } }`,
  resume: `mutation($id: ID!, $v: Int!) { resumeIncident(id: $id, expectedVersion: $v) { ${incidentFields} } }`,
  close: `mutation($id: ID!, $v: Int!) { closeIncident(id: $id, expectedVersion: $v) { ${incidentFields} } }`,
  hold: `mutation($input: HoldIncidentInput!) { holdIncident(input: $input) { ${incidentFields} } }`,
  resolve: `mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) { ${incidentFields} } }`,
  reopen: `mutation($input: ReasonedChangeInput!) { reopenIncident(input: $input) { ${incidentFields} } }`,
  cancel: `mutation($input: ReasonedChangeInput!) { cancelIncident(input: $input) { ${incidentFields} } }`,
  reclassify: `mutation($input: ReclassifyIncidentInput!) { reclassifyIncident(input: $input) { ${incidentFields} } }`,
  assign: `mutation($input: AssignIncidentInput!) { assignIncident(input: $input) { ${incidentFields} } }`,
  escalate: `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) { ${incidentFields} } }`,
  escalateToManager: `mutation($input: EscalateIncidentToManagerInput!) {
    escalateIncidentToManager(input: $input) { ${incidentFields} } }`,
  comment: `mutation($incidentId: ID!, $body: String!, $visibility: Visibility!) {
    addIncidentComment(incidentId: $incidentId, body: $body, visibility: $visibility) {
      id visibility body author { id name } incident { id number } } }`,
  declareMajor: `mutation($input: DeclareMajorIncidentInput!) {
    declareMajorIncident(input: $input) { ${incidentFields} isMajor majorDeclaredAt impactStatement } }`,
  addParticipant: `mutation($input: AddIncidentParticipantInput!) {
    addIncidentParticipant(input: $input) { id version participants { person { id name } role addedAt } } }`,
  removeParticipant: `mutation($input: RemoveIncidentParticipantInput!) {
    removeIncidentParticipant(input: $input) { id version participants { person { id name } role addedAt } } }`,
  timelineEntries: `query($incidentId: ID!, $afterPosition: Int, $first: Int) {
    incidentTimelineEntries(incidentId: $incidentId, afterPosition: $afterPosition, first: $first) {
      nodes { id position kind visibility source summary actor { id name } detail } hasMore latestPosition } }`,
  read: `query($id: ID!) { incident(id: $id) {
    ${incidentFields}
    comments { id visibility body author { id name } }
    timeline(first: 100) { nodes { kind summary visibility source actor { id name } detail } }
  } }`,
} as const;

export interface Incident {
  id: string;
  number: string;
  status: string;
  version: number;
  priority: string;
  supportTier: string;
  [field: string]: unknown;
}

export const validInput = {
  title: 'Checkout returns HTTP 502',
  description: 'Every checkout attempt fails since 13:45',
  channel: 'PHONE',
  impact: 'EXTENSIVE',
  urgency: 'CRITICAL',
  affectedServices: ['checkout'],
};

/** One incident service with its own database and stream, and helpers to call it as a given role. */
export class IncidentHarness extends ServiceCaller<Incident> {
  private constructor(
    private readonly testService: TestService<IncidentEnv>,
    readonly service: RunningService<IncidentEnv>,
  ) {
    super();
  }

  static async start(overrides: Record<string, string> = {}): Promise<IncidentHarness> {
    const testService = await startTestService(incidentService, readEnv, { label: 'incident', overrides });
    return new IncidentHarness(testService, testService.service);
  }

  protected get url(): string {
    return this.service.url;
  }

  stop(): Promise<void> {
    return this.testService.stop();
  }

  token(subject: string, roles: Role[], name = subject): Promise<string> {
    return tokenFor(subject, roles, { name });
  }

  create(token: string, input: Record<string, unknown> = {}): Promise<Incident> {
    return this.ok(token, operations.create, { input: { ...validInput, ...input } });
  }

  /** Row counts of everything a change writes: a refused change leaves them all as they were. */
  async counts(): Promise<{ incidents: number; timeline: number; comments: number; events: number }> {
    const [row] = await this.service.deps.dataSource.query<
      [{ incidents: number; timeline: number; comments: number; events: number }]
    >(
      `SELECT (SELECT count(*) FROM incident)::int AS incidents,
              (SELECT count(*) FROM incident_timeline_entry)::int AS timeline,
              (SELECT count(*) FROM comment)::int AS comments,
              (SELECT count(*) FROM outbox_message)::int AS events`,
    );
    return row;
  }

  /** The incident row as stored (every column), to compare before and after a refused change. */
  async row(id: string): Promise<Record<string, unknown>> {
    const [row] = await this.service.deps.dataSource.query<[Record<string, unknown>]>(
      `SELECT * FROM incident WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** `incident.timeline_entry_recorded.v1` of one incident in outbox order: position, kind, visibility. */
  async recordedEntries(
    incidentId: string,
  ): Promise<Array<{ position: number; kind: string; visibility: string; entryId: string }>> {
    const events = await this.events(incidentId);
    return events
      .filter((event) => event.subject === 'incident.timeline_entry_recorded.v1')
      .map((event) => event.data as { position: number; kind: string; visibility: string; entryId: string });
  }

  /** The events of one incident in the outbox (written in the change's transaction), in order. */
  async events(
    incidentId: string,
  ): Promise<Array<{ subject: string; data: Record<string, unknown>; version: number }>> {
    const rows = await this.service.deps.dataSource.query<
      Array<{ subject: string; envelope: { data: Record<string, unknown>; aggregate: { version: number } } }>
    >(
      `SELECT subject, envelope FROM outbox_message WHERE envelope->'aggregate'->>'id' = $1 ORDER BY position`,
      [incidentId],
    );
    return rows.map((row) => ({
      subject: row.subject,
      data: row.envelope.data,
      version: row.envelope.aggregate.version,
    }));
  }
}

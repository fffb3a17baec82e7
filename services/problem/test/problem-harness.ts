import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Role } from '@mim/auth';
import type { RunningService } from '@mim/service-kit';
import { ServiceCaller, type TestService, publishEvent, startTestService, tokenFor } from '@mim/testing';
import { type ProblemEnv, readEnv } from '../src/env';
import { problemService } from '../src/service-definition';

/** The fields most tests read back after a change. */
export const problemFields = `id number title description status priority version owner { id name }
  affectedServices incidents { id } originIncident { id } mergedInto { id number }`;

export const analysisFields = `method whys { question answer } fishbone { name causes }
  timeline { at event } findings rootCause contributingFactors recordedBy { id name } recordedAt`;

export const knownErrorFields = `id title symptoms rootCause workaround permanentFix recordedBy { id name }
  problem { id number version }`;

export const operations = {
  create: `mutation($input: CreateProblemInput!) { createProblem(input: $input) { ${problemFields} } }`,
  changeStatus: `mutation($id: ID!, $v: Int!, $status: ProblemStatus!) {
    changeProblemStatus(id: $id, expectedVersion: $v, status: $status) { ${problemFields} } }`,
  assignOwner: `mutation($id: ID!, $v: Int!, $owner: PersonInput!) {
    assignProblemOwner(id: $id, expectedVersion: $v, owner: $owner) { ${problemFields} } }`,
  link: `mutation($id: ID!, $v: Int!, $incidentIds: [ID!]!) {
    linkIncidentsToProblem(id: $id, expectedVersion: $v, incidentIds: $incidentIds) { ${problemFields} } }`,
  recordAnalysis: `mutation($input: RecordRootCauseAnalysisInput!) {
    recordRootCauseAnalysis(input: $input) { ${problemFields} rootCauseAnalysis { ${analysisFields} } } }`,
  recordKnownError: `mutation($input: RecordKnownErrorInput!) { recordKnownError(input: $input) { ${knownErrorFields} } }`,
  merge: `mutation($input: MergeProblemsInput!) {
    mergeProblems(input: $input) { ${problemFields} knownErrors { id } rootCauseAnalysis { rootCause } } }`,
  search: `query($text: String!, $first: Int) { searchKnownErrors(text: $text, first: $first) {
    rank knownError { id title } problem { id number } } }`,
  read: `query($id: ID!) { problem(id: $id) {
    ${problemFields} rootCauseAnalysis { ${analysisFields} } knownErrors { ${knownErrorFields} } } }`,
  list: `query($filter: ProblemFilter, $first: Int, $after: String) {
    problems(filter: $filter, first: $first, after: $after) { nodes { id number } pageInfo { endCursor hasNextPage } } }`,
} as const;

export interface Problem {
  id: string;
  number: string;
  status: string;
  version: number;
  owner: { id: string; name: string } | null;
  incidents: Array<{ id: string }>;
  [field: string]: unknown;
}

export interface OutboxEvent {
  subject: string;
  data: Record<string, unknown>;
  version: number;
  actor: { kind: string; id: string };
  correlationId: string;
}

export const validInput = (incidentIds: string[] = [randomUUID()]) => ({
  title: 'WAF rule drives CPU to 100%',
  description: 'Find why the managed rule exhausts CPU on every serving machine',
  priority: 'P1',
  affectedServices: ['edge-proxy'],
  incidentIds,
});

/** A five-whys analysis with a root cause statement, ready to record. */
export const fiveWhys = (rootCause: string | null = 'A WAF rule with a backtracking regex') => ({
  method: 'FIVE_WHYS',
  whys: [
    { question: 'Why did the edge return 502?', answer: 'CPU was at 100% on every serving machine' },
    { question: 'Why was CPU at 100%?', answer: 'A WAF rule regex backtracked on every request' },
  ],
  findings: 'The rule was deployed everywhere at once',
  rootCause,
  contributingFactors: ['No staged rollout of WAF rules'],
});

/** One problem service with its own database and stream, and helpers to call it as a given role. */
export class ProblemHarness extends ServiceCaller<Problem> {
  private constructor(
    private readonly testService: TestService<ProblemEnv>,
    readonly service: RunningService<ProblemEnv>,
  ) {
    super();
  }

  static async start(): Promise<ProblemHarness> {
    const testService = await startTestService(problemService, readEnv, { label: 'problem' });
    return new ProblemHarness(testService, testService.service);
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

  create(token: string, input: Record<string, unknown> = validInput()): Promise<Problem> {
    return this.ok(token, operations.create, { input });
  }

  read(token: string, id: string): Promise<Record<string, unknown> | null> {
    return this.ok<Record<string, unknown> | null>(token, operations.read, { id });
  }

  changeStatus(token: string, problem: Pick<Problem, 'id' | 'version'>, status: string): Promise<Problem> {
    return this.ok(token, operations.changeStatus, { id: problem.id, v: problem.version, status });
  }

  recordAnalysis(
    token: string,
    problem: Pick<Problem, 'id' | 'version'>,
    analysis: Record<string, unknown> = fiveWhys(),
  ): Promise<Problem> {
    return this.ok(token, operations.recordAnalysis, {
      input: { problemId: problem.id, expectedVersion: problem.version, ...analysis },
    });
  }

  async recordKnownError(
    token: string,
    problem: Pick<Problem, 'id' | 'version'>,
    knownError: Record<string, unknown>,
  ): Promise<{ id: string; problem: { version: number } }> {
    return this.ok(token, operations.recordKnownError, {
      input: { problemId: problem.id, expectedVersion: problem.version, ...knownError },
    });
  }

  /** Row counts of everything a change writes: a refused change leaves them all as they were. */
  async counts(): Promise<Record<'problems' | 'links' | 'analyses' | 'knownErrors' | 'events', number>> {
    const [row] = await this.service.deps.dataSource.query<
      [Record<'problems' | 'links' | 'analyses' | 'knownErrors' | 'events', number>]
    >(
      `SELECT (SELECT count(*) FROM problem)::int AS problems,
              (SELECT count(*) FROM problem_incident)::int AS links,
              (SELECT count(*) FROM problem_root_cause_analysis)::int AS analyses,
              (SELECT count(*) FROM known_error)::int AS "knownErrors",
              (SELECT count(*) FROM outbox_message)::int AS events`,
    );
    return row;
  }

  /** The problem row as stored (every column but the search vector), to compare around a refusal. */
  async row(id: string): Promise<Record<string, unknown>> {
    const [row] = await this.service.deps.dataSource.query<[Record<string, unknown>]>(
      `SELECT id, number, title, status, priority, owner_id, owner_name, affected_services, origin_incident_id,
              merged_into_id, version, updated_at FROM problem WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** The events of one problem in the outbox (written in the change's transaction), in order. */
  async events(problemId: string, subject?: string): Promise<OutboxEvent[]> {
    const rows = await this.service.deps.dataSource.query<
      Array<{
        subject: string;
        envelope: Omit<OutboxEvent, 'subject' | 'version'> & { aggregate: { version: number } };
      }>
    >(
      `SELECT subject, envelope FROM outbox_message WHERE envelope->'aggregate'->>'id' = $1 ORDER BY position`,
      [problemId],
    );
    return rows
      .map((row) => ({
        subject: row.subject,
        data: row.envelope.data,
        version: row.envelope.aggregate.version,
        actor: row.envelope.actor,
        correlationId: row.envelope.correlationId,
      }))
      .filter((event) => !subject || event.subject === subject);
  }

  /** Publishes an event on the service's stream, as its producer's outbox relay would. */
  async publish(event: { subject: string; id: string }, msgID?: string): Promise<void> {
    await publishEvent(this.service.deps.bus, event, msgID);
  }

  /** Whether this service's consumers recorded an event id in their inbox (handled, or skipped). */
  async handled(eventId: string): Promise<boolean> {
    const rows = await this.service.deps.dataSource.query<unknown[]>(
      `SELECT 1 FROM inbox_message WHERE event_id = $1`,
      [eventId],
    );
    return rows.length > 0;
  }
}

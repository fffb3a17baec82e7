import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Role } from '@mim/auth';
import type { RunningService } from '@mim/service-kit';
import { ServiceCaller, type TestService, startTestService, tokenFor } from '@mim/testing';
import { type ChangeEnv, readEnv } from '../src/env';
import { changeService } from '../src/service-definition';

/** The fields most tests read back after a change. */
export const changeFields = `id number type status version risk impact requestedById approvalQuorum
  plannedStart plannedEnd affectedServices configurationItems`;

const conflictFields = `change { id number } services configurationItems overlap { start end }`;

export const operations = {
  create: `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { ${changeFields} } }`,
  createStandard: `mutation($input: CreateStandardChangeRequestInput!) {
    createStandardChangeRequest(input: $input) {
      ${changeFields} title description implementationPlan rollbackPlan testPlan template { id name } } }`,
  submit: `mutation($id: ID!, $v: Int!) { submitChangeRequest(id: $id, expectedVersion: $v) {
    changeRequest { ${changeFields} } conflicts { ${conflictFields} } } }`,
  move: `mutation($id: ID!, $v: Int!, $status: ChangeRequestStatus!) {
    changeChangeRequestStatus(id: $id, expectedVersion: $v, status: $status) { ${changeFields} } }`,
  vote: `mutation($input: RecordChangeApprovalInput!) { recordChangeApproval(input: $input) {
    ${changeFields} approvals { approverId decision comment byChangeManager decidedAt } } }`,
  review: `mutation($input: RecordPostImplementationReviewInput!) { recordPostImplementationReview(input: $input) {
    ${changeFields} review { effective summary followUps reviewedById reviewedAt } } }`,
  read: `query($id: ID!) { changeRequest(id: $id) {
    ${changeFields} approvals { approverId decision byChangeManager } conflicts { ${conflictFields} }
    review { effective summary followUps reviewedById } problems { id } template { id name } } }`,
  createFreeze: `mutation($input: CreateFreezePeriodInput!) { createFreezePeriod(input: $input) {
    id name start end services version createdById } }`,
  updateFreeze: `mutation($input: UpdateFreezePeriodInput!) { updateFreezePeriod(input: $input) {
    id name start end services version } }`,
  deleteFreeze: `mutation($id: ID!, $v: Int!) { deleteFreezePeriod(id: $id, expectedVersion: $v) }`,
  createTemplate: `mutation($input: CreateStandardChangeTemplateInput!) { createStandardChangeTemplate(input: $input) {
    id name risk impact version retiredAt } }`,
  updateTemplate: `mutation($input: UpdateStandardChangeTemplateInput!) { updateStandardChangeTemplate(input: $input) {
    id name risk impact testPlan version retiredAt } }`,
  retireTemplate: `mutation($id: ID!, $v: Int!) { retireStandardChangeTemplate(id: $id, expectedVersion: $v) {
    id version retiredAt } }`,
} as const;

export interface Change {
  id: string;
  number: string;
  type: string;
  status: string;
  version: number;
  approvalQuorum: number | null;
  [field: string]: unknown;
}

export interface OutboxEvent {
  subject: string;
  version: number;
  actor: string;
  data: Record<string, unknown>;
}

/** A planned window `offsetHours` from a fixed day, `hours` long, as ISO strings. */
export function window(offsetHours: number, hours = 1): { plannedStart: string; plannedEnd: string } {
  const base = Date.parse('2027-02-01T00:00:00Z');
  return {
    plannedStart: new Date(base + offsetHours * 3_600_000).toISOString(),
    plannedEnd: new Date(base + (offsetHours + hours) * 3_600_000).toISOString(),
  };
}

/** A service name no other test uses, so calendars of different tests never meet. */
export const uniqueService = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

export const changeInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Raise the connection pool size',
  description: 'The pool saturates under the Monday peak',
  type: 'NORMAL',
  risk: 'MEDIUM',
  implementationPlan: 'Change the pool size and roll the pods',
  rollbackPlan: 'Restore the previous size and roll the pods',
  testPlan: 'Watch the 502 rate for 30 minutes',
  ...window(0),
  affectedServices: [uniqueService('checkout')],
  ...overrides,
});

/** One change service with its own database and stream, and helpers to call it as a given role. */
export class ChangeHarness extends ServiceCaller<Change> {
  private constructor(
    private readonly testService: TestService<ChangeEnv>,
    readonly service: RunningService<ChangeEnv>,
  ) {
    super();
  }

  static async start(overrides: Record<string, string> = {}): Promise<ChangeHarness> {
    const testService = await startTestService(changeService, readEnv, { label: 'change', overrides });
    return new ChangeHarness(testService, testService.service);
  }

  protected get url(): string {
    return this.service.url;
  }

  get topology() {
    return this.testService.topology;
  }

  stop(): Promise<void> {
    return this.testService.stop();
  }

  token(subject: string, roles: Role[]): Promise<string> {
    return tokenFor(subject, roles, { name: subject });
  }

  /** The first error of a call that must fail. */
  async error(
    token: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ code: unknown; message: string; extensions: Record<string, unknown> }> {
    const response = await this.call(token, query, variables);
    expect(response.errors).toBeDefined();
    const [error] = response.errors!;
    return { code: error!.extensions?.code, message: error!.message, extensions: error!.extensions ?? {} };
  }

  create(token: string, overrides: Record<string, unknown> = {}): Promise<Change> {
    return this.ok(token, operations.create, { input: changeInput(overrides) });
  }

  async submit(token: string, change: Pick<Change, 'id' | 'version'>) {
    return this.ok<{ changeRequest: Change; conflicts: Array<Record<string, unknown>> }>(
      token,
      operations.submit,
      {
        id: change.id,
        v: change.version,
      },
    );
  }

  move(token: string, change: Pick<Change, 'id' | 'version'>, status: string): Promise<Change> {
    return this.ok(token, operations.move, { id: change.id, v: change.version, status });
  }

  vote(
    token: string,
    change: Pick<Change, 'id' | 'version'>,
    decision: 'APPROVE' | 'REJECT',
    comment?: string,
  ): Promise<Change> {
    return this.ok(token, operations.vote, {
      input: { id: change.id, expectedVersion: change.version, decision, comment },
    });
  }

  read(token: string, id: string): Promise<Change> {
    return this.ok(token, operations.read, { id });
  }

  /** The events of one change in the outbox (written in the change's transaction), in order. */
  async events(changeId: string): Promise<OutboxEvent[]> {
    const rows = await this.service.deps.dataSource.query<
      Array<{
        subject: string;
        envelope: { data: Record<string, unknown>; aggregate: { version: number }; actor: { id: string } };
      }>
    >(
      `SELECT subject, envelope FROM outbox_message WHERE envelope->'aggregate'->>'id' = $1 ORDER BY position`,
      [changeId],
    );
    return rows.map((row) => ({
      subject: row.subject,
      version: row.envelope.aggregate.version,
      actor: row.envelope.actor.id,
      data: row.envelope.data,
    }));
  }

  /** Row counts of everything a use case writes, and the change's row: a refusal leaves them as they were. */
  async snapshot(changeId?: string): Promise<Record<string, unknown>> {
    const [counts] = await this.service.deps.dataSource.query<[Record<string, number>]>(
      `SELECT (SELECT count(*) FROM change_request)::int AS changes,
              (SELECT count(*) FROM change_approval)::int AS approvals,
              (SELECT count(*) FROM freeze_period)::int AS freezes,
              (SELECT count(*) FROM standard_change_template)::int AS templates,
              (SELECT count(*) FROM outbox_message)::int AS events`,
    );
    if (!changeId) return counts;
    const [row] = await this.service.deps.dataSource.query<[Record<string, unknown>]>(
      `SELECT * FROM change_request WHERE id = $1`,
      [changeId],
    );
    return { ...counts, row };
  }
}

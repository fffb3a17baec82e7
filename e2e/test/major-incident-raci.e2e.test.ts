import { type Role } from '@mim/auth';
import { graphqlRequest, tokenFor } from '@mim/testing';
import { type Stack, startStack } from './stack';

/**
 * DOMAIN.md's RACI matrix, enforced through the gateway: each activity of the major incident process
 * tried by a role the matrix allows (it succeeds) and by one it only informs or consults (FORBIDDEN,
 * nothing changed).
 */
describe('the major incident RACI, through the gateway', () => {
  let stack: Stack;
  const token: Partial<Record<Role, string>> = {};
  let incidentId: string;

  beforeAll(async () => {
    stack = await startStack();
    for (const role of [
      'service_desk_technician',
      'major_incident_manager',
      'mi_team_member',
      'technical_staff',
      'change_manager',
      'problem_manager',
      'external_consultant',
    ] as const) {
      token[role] = await tokenFor(`raci-${role}`, [role], { name: role });
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const send = (role: Role, query: string, variables: Record<string, unknown>) =>
    graphqlRequest<Record<string, { version?: number; id?: string }>>(stack.gatewayUrl, query, {
      token: token[role]!,
      variables,
    });
  const allowed = async (role: Role, query: string, variables: Record<string, unknown>) => {
    const response = await send(role, query, variables);
    expect({ role, errors: response.errors }).toEqual({ role, errors: undefined });
    return Object.values(response.data!)[0]!;
  };
  const refused = async (role: Role, query: string, variables: Record<string, unknown>) => {
    const response = await send(role, query, variables);
    expect({ role, code: response.errors?.[0]?.extensions?.code }).toEqual({ role, code: 'FORBIDDEN' });
  };
  const version = async () =>
    (
      await graphqlRequest<{ incident: { version: number } }>(
        stack.gatewayUrl,
        `query($id: ID!) { incident(id: $id) { version } }`,
        { token: token.major_incident_manager!, variables: { id: incidentId } },
      )
    ).data!.incident.version;

  it('declare the major incident: the MI manager (A) and team (R) may, technicians (C) may not', async () => {
    const created = await allowed(
      'service_desk_technician',
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version } }`,
      {
        input: {
          title: 'Core router down',
          description: 'Site B offline',
          channel: 'PHONE',
          impact: 'EXTENSIVE',
          urgency: 'CRITICAL',
        },
      },
    );
    incidentId = created.id!;
    const declare = `mutation($input: DeclareMajorIncidentInput!) { declareMajorIncident(input: $input) { version } }`;
    const input = async () => ({
      input: { id: incidentId, expectedVersion: await version(), impactStatement: 'Site B is offline' },
    });
    await refused('service_desk_technician', declare, await input());
    await refused('technical_staff', declare, await input());
    await allowed('mi_team_member', declare, await input());
  });

  it('establish the team: the MI manager (R/A) may, the team (C) may not', async () => {
    const add = `mutation($input: AddIncidentParticipantInput!) { addIncidentParticipant(input: $input) { version } }`;
    const input = {
      input: { incidentId, person: { id: 'tech-9', name: 'Tech Nine' }, role: 'TECHNICAL_STAFF' },
    };
    await refused('mi_team_member', add, input);
    await refused('problem_manager', add, input);
    await allowed('major_incident_manager', add, input);
  });

  it('set up the conference bridge and war room: the team (R) may, technicians (I) may not', async () => {
    const rooms = `mutation($input: SetMajorIncidentRoomsInput!) { setMajorIncidentRooms(input: $input) { version } }`;
    const input = {
      input: { incidentId, bridgeUrl: 'https://meet.example.com/site-b', warRoom: 'Room 4.12' },
    };
    await refused('service_desk_technician', rooms, input);
    await refused('technical_staff', rooms, input);
    await allowed('mi_team_member', rooms, input);
  });

  it('inform stakeholders: the team (R) may, technical staff (I) may not', async () => {
    const publish = `mutation($input: PublishStatusUpdateInput!) { publishStatusUpdate(input: $input) { id } }`;
    const input = {
      input: {
        incidentId,
        audiences: ['MANAGEMENT', 'USERS'],
        impact: 'Site B offline',
        currentStatus: 'Router replaced',
      },
    };
    await refused('technical_staff', publish, input);
    await refused('change_manager', publish, input);
    await allowed('mi_team_member', publish, input);
  });

  it('create the problem record: the team (R) may, technical staff (C) and change managers (I) may not', async () => {
    const create = `mutation($input: CreateProblemInput!) { createProblem(input: $input) { id } }`;
    const input = {
      input: { title: 'Router firmware', description: 'Why', priority: 'P1', incidentIds: [incidentId] },
    };
    await refused('technical_staff', create, input);
    await refused('change_manager', create, input);
    await allowed('mi_team_member', create, input);
  });

  it('implement the resolution as a change: technical staff (R) implement, the change manager (A) authorises', async () => {
    const created = await allowed(
      'technical_staff',
      `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { id version } }`,
      {
        input: {
          title: 'Replace the core router',
          description: 'Swap the failed unit',
          type: 'EMERGENCY',
          risk: 'HIGH',
          implementationPlan: 'Swap',
          rollbackPlan: 'Swap back',
          testPlan: 'Ping site B',
          plannedStart: new Date(Date.now() + 60_000).toISOString(),
          plannedEnd: new Date(Date.now() + 3_600_000).toISOString(),
          affectedServices: ['network'],
          incidentLinks: [{ incidentId, relation: 'FIXES' }],
        },
      },
    );
    const move = `mutation($id: ID!, $v: Int!, $status: ChangeRequestStatus!) { changeChangeRequestStatus(id: $id, expectedVersion: $v, status: $status) { id version } }`;
    const approve = `mutation($input: RecordChangeApprovalInput!) { recordChangeApproval(input: $input) { id version } }`;
    let change = await allowed(
      'technical_staff',
      `mutation($id: ID!, $v: Int!) { submitChangeRequest(id: $id, expectedVersion: $v) { changeRequest { id version } } }`,
      { id: created.id, v: created.version },
    );
    change = (change as unknown as { changeRequest: { id: string; version: number } }).changeRequest;
    await refused('technical_staff', move, { id: change.id, v: change.version, status: 'ASSESSED' });
    change = await allowed('change_manager', move, { id: change.id, v: change.version, status: 'ASSESSED' });
    change = await allowed('change_manager', approve, {
      input: { id: change.id, expectedVersion: change.version, decision: 'APPROVE' },
    });
    change = await allowed('major_incident_manager', approve, {
      input: { id: change.id, expectedVersion: change.version, decision: 'APPROVE' },
    });
    change = await allowed('change_manager', move, { id: change.id, v: change.version, status: 'SCHEDULED' });
    await refused('change_manager', move, { id: change.id, v: change.version, status: 'IMPLEMENTING' });
    change = await allowed('technical_staff', move, {
      id: change.id,
      v: change.version,
      status: 'IMPLEMENTING',
    });
    change = await allowed('technical_staff', move, {
      id: change.id,
      v: change.version,
      status: 'IMPLEMENTED',
    });

    // Post-implementation review: technical staff (R) record it; the major incident manager (C) may not.
    const review = `mutation($input: RecordPostImplementationReviewInput!) { recordPostImplementationReview(input: $input) { id } }`;
    const input = {
      input: { id: change.id, expectedVersion: change.version, effective: true, summary: 'Site B back' },
    };
    await refused('major_incident_manager', review, input);
    await allowed('technical_staff', review, input);
  });

  it('produce documentation (the post-incident review): the team (R) may, technical staff (C) may not', async () => {
    // Resolve first (the fixing change is implemented), then document.
    const resolve = `mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) { version } }`;
    let resolved: { version?: number } | null = null;
    for (let attempt = 0; attempt < 50 && !resolved; attempt += 1) {
      const response = await send('major_incident_manager', resolve, {
        input: {
          id: incidentId,
          expectedVersion: await version(),
          resolutionCode: 'RESOLVED_BY_CHANGE',
          resolutionNotes: 'Router replaced',
        },
      });
      if (!response.errors) resolved = Object.values(response.data!)[0]!;
      // The incident service learns the change is implemented from its event, a moment later.
      else await new Promise((done) => setTimeout(done, 200));
    }
    expect(resolved).not.toBeNull();
    const start = `mutation($id: ID!) { startPostIncidentReview(incidentId: $id) { status version } }`;
    await refused('technical_staff', start, { id: incidentId });
    await refused('external_consultant', start, { id: incidentId });
    await allowed('mi_team_member', start, { id: incidentId });
  });
});

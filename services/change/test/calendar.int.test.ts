import { ChangeHarness, operations, uniqueService, window } from './change-harness';

interface Freeze {
  id: string;
  name: string;
  start: string;
  end: string;
  services: string[];
  version: number;
}

/** The change calendar through HTTP: conflicts reported on submission, freezes that hold changes back. */
describe('change calendar: conflicts and freeze periods (real PostgreSQL and NATS)', () => {
  let harness: ChangeHarness;
  let changeManager: string;
  let requester: string;
  let tech: string;
  let admin: string;

  beforeAll(async () => {
    harness = await ChangeHarness.start();
    changeManager = await harness.token('cm-1', ['change_manager']);
    requester = await harness.token('tech-1', ['technical_staff']);
    tech = await harness.token('tech-2', ['technical_staff']);
    admin = await harness.token('root', ['admin']);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('reports overlapping changes on a shared service or CI on submission, without blocking it', async () => {
    const [checkout, search] = [uniqueService('checkout'), uniqueService('search')];
    const ci = uniqueService('db');
    const first = await harness.create(requester, {
      ...window(100, 2),
      affectedServices: [checkout],
      configurationItems: [ci],
    });
    const alone = await harness.submit(requester, first);
    expect(alone.conflicts).toEqual([]);

    // 100:30 to 102:00 overlaps the first on the service; a third one overlaps the first on the CI only.
    const second = await harness.create(requester, {
      plannedStart: window(100.5).plannedStart,
      plannedEnd: window(101).plannedEnd,
      affectedServices: [search, checkout],
    });
    const third = await harness.create(tech, {
      ...window(101, 3),
      affectedServices: [],
      configurationItems: [ci],
    });
    const elsewhere = await harness.create(tech, {
      ...window(100, 2),
      affectedServices: [uniqueService('dns')],
    });
    const later = await harness.create(tech, { ...window(102, 1), affectedServices: [checkout] });

    const submitted = await harness.submit(requester, second);
    expect(submitted.changeRequest).toMatchObject({ status: 'SUBMITTED', version: 2 });
    // Not the third: it shares a CI with the first, nothing with the second.
    expect(submitted.conflicts).toEqual([
      {
        change: { id: first.id, number: first.number },
        services: [checkout],
        configurationItems: [],
        overlap: { start: window(100.5).plannedStart, end: window(102).plannedStart },
      },
    ]);

    // The first one's conflicts: the second (service), the third (CI); not the one elsewhere, not the
    // later one that starts as the first ends.
    const read = await harness.read(tech, first.id);
    expect(read.conflicts).toEqual([
      {
        change: { id: second.id, number: second.number },
        services: [checkout],
        configurationItems: [],
        overlap: { start: window(100.5).plannedStart, end: window(102).plannedStart },
      },
      {
        change: { id: third.id, number: third.number },
        services: [],
        configurationItems: [ci],
        overlap: { start: window(101).plannedStart, end: window(102).plannedStart },
      },
    ]);
    expect((await harness.read(tech, elsewhere.id)).conflicts).toEqual([]);
    expect((await harness.read(tech, later.id)).conflicts).toEqual([]);
    // No event for conflicts: only the status moves.
    expect((await harness.events(second.id)).map((event) => event.subject)).toEqual([
      'change.requested.v1',
      'change.status_changed.v1',
    ]);
  });

  it('forgets rejected and closed changes', async () => {
    const service = uniqueService('edge');
    const rejected = await harness.create(requester, { ...window(200), affectedServices: [service] });
    const assessed = await harness.move(
      changeManager,
      (await harness.submit(requester, rejected)).changeRequest,
      'ASSESSED',
    );
    await harness.vote(changeManager, assessed, 'REJECT');
    const next = await harness.create(requester, { ...window(200), affectedServices: [service] });
    expect((await harness.submit(requester, next)).conflicts).toEqual([]);
  });

  it('manages freeze periods: change managers and admins only, with versions', async () => {
    const input = { name: 'Year-end freeze', ...freezeWindow(300, 48), services: [] };
    const before = await harness.snapshot();
    expect((await harness.error(tech, operations.createFreeze, { input })).code).toBe('FORBIDDEN');
    expect(
      (await harness.error(changeManager, operations.createFreeze, { input: { ...input, end: input.start } }))
        .code,
    ).toBe('BAD_USER_INPUT');
    expect(await harness.snapshot()).toEqual(before);

    const freeze = await harness.ok<Freeze>(changeManager, operations.createFreeze, { input });
    expect(freeze).toMatchObject({ name: 'Year-end freeze', services: [], version: 1 });
    const renamed = await harness.ok<Freeze>(admin, operations.updateFreeze, {
      input: { id: freeze.id, expectedVersion: 1, name: 'Year-end change freeze' },
    });
    expect(renamed).toMatchObject({
      name: 'Year-end change freeze',
      start: input.start,
      end: input.end,
      version: 2,
    });
    expect(
      (
        await harness.error(changeManager, operations.updateFreeze, {
          input: { id: freeze.id, expectedVersion: 1, name: 'x' },
        })
      ).code,
    ).toBe('CONFLICT');

    const listed = await harness.ok<Freeze[]>(
      tech,
      `query($from: DateTime, $to: DateTime) {
      freezePeriods(from: $from, to: $to) { id name } }`,
      { from: input.start, to: input.end },
    );
    expect(listed).toEqual([{ id: freeze.id, name: 'Year-end change freeze' }]);
    const outsider = await harness.token('eu', ['end_user']);
    expect(await harness.ok<Freeze[]>(outsider, `{ freezePeriods { id } }`)).toEqual([]);

    expect((await harness.error(changeManager, operations.deleteFreeze, { id: freeze.id, v: 1 })).code).toBe(
      'CONFLICT',
    );
    expect(await harness.ok<string>(changeManager, operations.deleteFreeze, { id: freeze.id, v: 2 })).toBe(
      freeze.id,
    );
    expect(
      await harness.ok<Freeze | null>(tech, `query($id: ID!) { freezePeriod(id: $id) { id } }`, {
        id: freeze.id,
      }),
    ).toBeNull();
  });

  it('blocks a normal change in a freeze of its service on submission, but lets an emergency change through', async () => {
    const payments = uniqueService('payments');
    const freeze = await harness.ok<Freeze>(changeManager, operations.createFreeze, {
      input: { name: 'Black Friday', ...freezeWindow(400, 24), services: [payments, uniqueService('other')] },
    });
    const normal = await harness.create(requester, { ...window(410), affectedServices: [payments] });
    const before = await harness.snapshot(normal.id);
    const refused = await harness.error(requester, operations.submit, { id: normal.id, v: 1 });
    expect(refused).toMatchObject({
      code: 'CHANGE_FREEZE',
      extensions: expect.objectContaining({
        freezePeriods: [{ id: freeze.id, name: 'Black Friday', start: freeze.start, end: freeze.end }],
      }),
    });
    expect(await harness.snapshot(normal.id)).toEqual(before);
    // Through the status mutation as well.
    expect(
      (await harness.error(requester, operations.move, { id: normal.id, v: 1, status: 'SUBMITTED' })).code,
    ).toBe('CHANGE_FREEZE');

    const emergency = await harness.create(requester, {
      ...window(410),
      type: 'EMERGENCY',
      affectedServices: [payments],
    });
    expect((await harness.submit(requester, emergency)).changeRequest.status).toBe('SUBMITTED');
    // A normal change on another service in the same window is not frozen.
    const unrelated = await harness.create(requester, {
      ...window(410),
      affectedServices: [uniqueService('hr')],
    });
    expect((await harness.submit(requester, unrelated)).changeRequest.status).toBe('SUBMITTED');
  });

  it('blocks scheduling into a freeze declared after approval, until the freeze moves', async () => {
    const search = uniqueService('search');
    const draft = await harness.create(requester, { ...window(500), affectedServices: [search] });
    const assessed = await harness.move(
      changeManager,
      (await harness.submit(requester, draft)).changeRequest,
      'ASSESSED',
    );
    const approved = await harness.vote(
      tech,
      await harness.vote(changeManager, assessed, 'APPROVE'),
      'APPROVE',
    );
    expect(approved).toMatchObject({ status: 'APPROVED', approvalQuorum: 2 });

    // Every service: no services named.
    const freeze = await harness.ok<Freeze>(changeManager, operations.createFreeze, {
      input: { name: 'Migration weekend', ...freezeWindow(499, 4) },
    });
    const before = await harness.snapshot(draft.id);
    expect(
      (
        await harness.error(changeManager, operations.move, {
          id: draft.id,
          v: approved.version,
          status: 'SCHEDULED',
        })
      ).code,
    ).toBe('CHANGE_FREEZE');
    expect(await harness.snapshot(draft.id)).toEqual(before);

    await harness.ok<Freeze>(changeManager, operations.updateFreeze, {
      input: { id: freeze.id, expectedVersion: 1, ...freezeWindow(501, 4) },
    });
    expect((await harness.move(changeManager, approved, 'SCHEDULED')).status).toBe('SCHEDULED');
  });

  function freezeWindow(offsetHours: number, hours: number) {
    const { plannedStart, plannedEnd } = window(offsetHours, hours);
    return { start: plannedStart, end: plannedEnd };
  }
});

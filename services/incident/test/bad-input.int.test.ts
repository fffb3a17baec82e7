import { IncidentHarness, operations, validInput } from './incident-harness';

const nul = 'before\u0000after';

/**
 * Bad input of every kind answers a clear, coded error and changes nothing: no incident row touched,
 * no timeline entry, no comment, no event in the outbox.
 */
describe('bad input changes nothing (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let admin: string;
  let id: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    admin = await harness.token('root', ['admin']);
    ({ id } = await harness.create(technician));
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** Runs a call that must fail with `code`, and checks that nothing was written. */
  async function refused(
    code: string,
    query: string,
    variables: Record<string, unknown>,
    token = technician,
  ): Promise<Array<{ path: string; message: string }>> {
    const counts = await harness.counts();
    const row = await harness.row(id);
    const response = await harness.call(token, query, variables);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.data?.[Object.keys(response.data ?? {})[0] ?? ''] ?? null).toBeNull();
    expect(await harness.counts()).toEqual(counts);
    expect(await harness.row(id)).toEqual(row);
    return (response.errors?.[0]?.extensions?.fields as Array<{ path: string; message: string }>) ?? [];
  }

  describe('unknown enum values', () => {
    it.each([
      ['a channel', operations.create, () => ({ input: { ...validInput, channel: 'FAX' } })],
      ['an impact', operations.create, () => ({ input: { ...validInput, impact: 'COSMIC' } })],
      ['a hold reason', operations.hold, () => ({ input: { id, expectedVersion: 1, reason: 'LUNCH' } })],
      [
        'a resolution code',
        operations.resolve,
        () => ({ input: { id, expectedVersion: 1, resolutionCode: 'MAGIC', resolutionNotes: 'n' } }),
      ],
      [
        'a comment visibility',
        operations.comment,
        () => ({ incidentId: id, body: 'b', visibility: 'SECRET' }),
      ],
      ['a sort', `query($s: IncidentSort) { incidents(sort: $s) { nodes { id } } }`, () => ({ s: 'RANDOM' })],
    ])('refuses %s with BAD_USER_INPUT', async (_case, query, variables) => {
      await refused('BAD_USER_INPUT', query, variables());
    });
  });

  describe('oversized text', () => {
    it('refuses a title, description and symptoms over their limits, naming each field', async () => {
      const fields = await refused('BAD_USER_INPUT', operations.create, {
        input: {
          ...validInput,
          title: 'x'.repeat(201),
          description: 'x'.repeat(20_001),
          symptoms: 'x'.repeat(10_001),
        },
      });
      expect(fields.map((field) => field.path).sort()).toEqual(['description', 'symptoms', 'title']);
      expect(fields.find((field) => field.path === 'title')?.message).toBe('must be at most 200 characters');
    });

    it('refuses an oversized comment, reason and resolution note', async () => {
      await refused('BAD_USER_INPUT', operations.comment, {
        incidentId: id,
        body: 'x'.repeat(10_001),
        visibility: 'PUBLIC',
      });
      await refused('BAD_USER_INPUT', operations.cancel, {
        input: { id, expectedVersion: 1, reason: 'x'.repeat(2_001) },
      });
      await refused('BAD_USER_INPUT', operations.resolve, {
        input: { id, expectedVersion: 1, resolutionCode: 'WORKAROUND', resolutionNotes: 'x'.repeat(20_001) },
      });
    });
  });

  describe('NUL characters, which PostgreSQL would refuse as a 500', () => {
    it('refuses them in every text of a new incident', async () => {
      const fields = await refused('BAD_USER_INPUT', operations.create, {
        input: {
          ...validInput,
          title: nul,
          description: nul,
          symptoms: nul,
          affectedServices: [nul],
          configurationItems: [nul],
          reporter: { name: nul },
        },
      });
      expect(fields.map((field) => field.path).sort()).toEqual(
        [
          'affectedServices.0',
          'configurationItems.0',
          'description',
          'reporter.name',
          'symptoms',
          'title',
        ].sort(),
      );
      expect(fields[0]?.message).toBe('must not contain NUL characters');
    });

    it.each([
      ['a comment', operations.comment, () => ({ incidentId: id, body: nul, visibility: 'PUBLIC' })],
      [
        'a hold note',
        operations.hold,
        () => ({ input: { id, expectedVersion: 1, reason: 'OTHER', note: nul } }),
      ],
      [
        'a cancellation reason',
        operations.cancel,
        () => ({ input: { id, expectedVersion: 1, reason: nul } }),
      ],
      [
        'a reclassification reason',
        operations.reclassify,
        () => ({ input: { id, expectedVersion: 1, impact: 'MINOR', reason: nul } }),
      ],
      [
        'an assignee',
        operations.assign,
        () => ({ input: { id, expectedVersion: 1, assignee: { id: nul, name: 'n' } } }),
      ],
      [
        'a manager',
        operations.escalateToManager,
        () => ({ input: { id, expectedVersion: 1, manager: { id: 'm', name: nul }, reason: 'r' } }),
      ],
      ['an incident id', operations.acknowledge, () => ({ id: nul, v: 1 })],
    ])('refuses them in %s', async (_case, query, variables) => {
      await refused('BAD_USER_INPUT', query, variables());
    });

    it('refuses them in searches and lookups', async () => {
      await refused(
        'BAD_USER_INPUT',
        `query($f: IncidentFilter) { incidents(filter: $f) { nodes { id } } }`,
        {
          f: { search: nul },
        },
      );
      await refused('BAD_USER_INPUT', `query($n: String!) { incidentByNumber(number: $n) { id } }`, {
        n: nul,
      });
    });

    it('refuses them in the category catalogue', async () => {
      await refused(
        'BAD_USER_INPUT',
        `mutation($input: AddIncidentCategoryInput!) { addIncidentCategory(input: $input) { id } }`,
        { input: { code: 'ok', name: nul } },
        admin,
      );
    });
  });

  describe('invalid transitions and stale versions', () => {
    it('refuses resuming an incident that is not on hold', async () => {
      await refused('INVALID_TRANSITION', operations.resume, { id, v: 1 });
    });

    it('refuses closing an unresolved incident', async () => {
      await refused('INVALID_TRANSITION', operations.close, { id, v: 1 });
    });

    it('refuses a stale version', async () => {
      await refused('CONFLICT', operations.acknowledge, { id, v: 7 });
    });

    it('refuses a hold for OTHER without a note', async () => {
      const fields = await refused('BAD_USER_INPUT', operations.hold, {
        input: { id, expectedVersion: 1, reason: 'OTHER' },
      });
      expect(fields).toEqual([{ path: 'note', message: 'is required when the reason is OTHER' }]);
    });

    it('refuses a reclassification that changes nothing', async () => {
      await refused('BAD_USER_INPUT', operations.reclassify, {
        input: { id, expectedVersion: 1, impact: validInput.impact, reason: 'no change' },
      });
    });
  });

  describe('report times', () => {
    it('refuses a report dated in the future and a failure after the report', async () => {
      const fields = await refused('BAD_USER_INPUT', operations.create, {
        input: {
          ...validInput,
          reportedAt: new Date(Date.now() + 3_600_000).toISOString(),
          failureStartedAt: new Date(Date.now() + 7_200_000).toISOString(),
        },
      });
      expect(fields.map((field) => field.path).sort()).toEqual(['failureStartedAt', 'reportedAt']);
    });

    it('refuses a date that is not ISO-8601', async () => {
      await refused('BAD_USER_INPUT', operations.create, {
        input: { ...validInput, reportedAt: 'yesterday' },
      });
    });
  });

  it('refuses a page of more than 100', async () => {
    const fields = await refused('BAD_USER_INPUT', `{ incidents(first: 101) { nodes { id } } }`, {});
    expect(fields).toEqual([{ path: 'first', message: 'at most 100 per page' }]);
  });
});

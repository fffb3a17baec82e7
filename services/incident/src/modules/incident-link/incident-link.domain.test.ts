import { type LinkParty, childResolution, childVerdict, planLinks } from './incident-link.domain';

const party = (id: string, overrides: Partial<LinkParty> = {}): LinkParty => ({
  id,
  status: 'IN_PROGRESS',
  isMajor: false,
  parentId: null,
  hasChildren: false,
  ...overrides,
});
const parent = party('p', { isMajor: true });

describe('parent and children rules', () => {
  it('links plain incidents to an open major incident', () => {
    expect(planLinks(parent, [party('a'), party('b', { status: 'NEW' })], 'strict')).toEqual({
      link: ['a', 'b'],
      skipped: [],
    });
  });

  it('only a major incident can be a parent', () => {
    expect(() => planLinks(party('p'), [party('a')], 'strict')).toThrow(
      expect.objectContaining({
        code: 'INCIDENT_LINK_REFUSED',
        details: { rule: 'PARENT_NOT_MAJOR', incidentIds: ['p'] },
      }),
    );
  });

  it('a child cannot be a parent, either way round', () => {
    expect(() => planLinks({ ...parent, parentId: 'q' }, [party('a')], 'strict')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ rule: 'PARENT_IS_CHILD' }) }),
    );
    expect(childVerdict(parent, party('a', { hasChildren: true }))).toEqual({
      kind: 'refused',
      rule: 'CHILD_IS_PARENT',
    });
  });

  it("refuses a closed parent, itself, a major child, a cancelled child, another parent's child", () => {
    expect(() => planLinks({ ...parent, status: 'RESOLVED' }, [party('a')], 'strict')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ rule: 'PARENT_NOT_OPEN' }) }),
    );
    expect(childVerdict(parent, parent)).toEqual({ kind: 'refused', rule: 'SELF' });
    expect(childVerdict(parent, party('a', { isMajor: true }))).toEqual({
      kind: 'refused',
      rule: 'CHILD_IS_MAJOR',
    });
    expect(childVerdict(parent, party('a', { status: 'CANCELLED' }))).toEqual({
      kind: 'refused',
      rule: 'CHILD_CANCELLED',
    });
    expect(childVerdict(parent, party('a', { parentId: 'q' }))).toEqual({
      kind: 'refused',
      rule: 'CHILD_HAS_OTHER_PARENT',
    });
  });

  it('links a child of this parent again as a no-op', () => {
    expect(planLinks(parent, [party('a', { parentId: 'p' })], 'strict')).toEqual({ link: [], skipped: [] });
  });

  it('strict refuses all with the first rule broken and every incident breaking it; skip leaves them out', () => {
    const children = [party('a', { isMajor: true }), party('b'), party('c', { isMajor: true })];
    expect(() => planLinks(parent, children, 'strict')).toThrow(
      expect.objectContaining({ details: { rule: 'CHILD_IS_MAJOR', incidentIds: ['a', 'c'] } }),
    );
    expect(planLinks(parent, children, 'skip')).toEqual({
      link: ['b'],
      skipped: [
        { id: 'a', rule: 'CHILD_IS_MAJOR' },
        { id: 'c', rule: 'CHILD_IS_MAJOR' },
      ],
    });
  });
});

describe('resolving children with their major incident', () => {
  const resolvedParent = {
    number: 'INC-000001',
    resolutionCode: 'RESOLVED_BY_CHANGE' as const,
    resolutionNotes: 'WAF rule rolled back',
  };

  it("resolves an open child (NEW included) with the parent's code, naming the parent", () => {
    expect(childResolution(resolvedParent, { status: 'NEW', isMajor: false })).toEqual({
      resolutionCode: 'RESOLVED_BY_CHANGE',
      resolutionNotes: 'Resolved with major incident INC-000001: WAF rule rolled back',
      resolutionWithoutChangeReason: null,
    });
    expect(
      childResolution(
        { ...resolvedParent, resolutionCode: 'WORKAROUND' },
        { status: 'ON_HOLD', isMajor: false },
      ),
    ).toMatchObject({ resolutionCode: 'WORKAROUND' });
  });

  it('leaves resolved, closed and cancelled children as they are', () => {
    for (const status of ['RESOLVED', 'CLOSED', 'CANCELLED'] as const) {
      expect(childResolution(resolvedParent, { status, isMajor: false })).toBeNull();
    }
  });

  it("gives a child declared major after linking a reason (its parent's resolution)", () => {
    expect(
      childResolution(resolvedParent, { status: 'IN_PROGRESS', isMajor: true })
        ?.resolutionWithoutChangeReason,
    ).toBe('Resolved with major incident INC-000001');
  });

  it('defaults to RESOLVED_BY_CHANGE and keeps notes within the limit', () => {
    const resolution = childResolution(
      { number: 'INC-000001', resolutionCode: null, resolutionNotes: 'x'.repeat(30_000) },
      { status: 'NEW', isMajor: false },
    );
    expect(resolution?.resolutionCode).toBe('RESOLVED_BY_CHANGE');
    expect(resolution?.resolutionNotes).toHaveLength(20_000);
  });
});

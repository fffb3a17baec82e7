import type { Role } from '@mim/auth';
import {
  type Actor,
  type LifecycleFacts,
  type ProblemState,
  type ProblemStatus,
  allowedTransitions,
  assignOwner,
  changeStatus,
  linkIncidents,
  openProblem,
  problemStatuses,
} from './problem.domain';

const actor = (subject: string, roles: Role[]): Actor => ({ subject, name: `${subject} name`, roles });
const manager = actor('pm-1', ['problem_manager']);
const code = (value: string) => expect.objectContaining({ code: value });
const state = (status: ProblemStatus, version = 3): ProblemState => ({ status, version });
const analysed: LifecycleFacts = { rootCause: 'A backtracking regex in a WAF rule', knownErrorCount: 1 };
const nothingYet: LifecycleFacts = { rootCause: null, knownErrorCount: 0 };

describe('opening a problem', () => {
  const input = {
    title: 't',
    description: 'd',
    priority: 'P2' as const,
    affectedServices: [],
    incidentIds: [],
  };

  it('starts NEW at version 1, owned by the problem manager who opens it', () => {
    expect(openProblem(manager, input)).toMatchObject({
      status: 'NEW',
      version: 1,
      owner: { id: 'pm-1', name: 'pm-1 name' },
    });
  });

  it('leaves it unowned when someone else opens it, until a problem manager takes it', () => {
    for (const roles of [
      ['mi_team_member'],
      ['service_desk_technician'],
      ['major_incident_manager'],
    ] as Role[][]) {
      expect(openProblem(actor('x', roles), input).owner).toBeNull();
    }
  });

  it('lets a problem manager or major incident manager name the owner, nobody else', () => {
    const owner = { id: 'pm-2', name: 'Pat' };
    expect(openProblem(manager, { ...input, owner }).owner).toEqual(owner);
    expect(openProblem(actor('mim', ['major_incident_manager']), { ...input, owner }).owner).toEqual(owner);
    expect(openProblem(actor('root', ['admin']), { ...input, owner }).owner).toEqual(owner);
    expect(() => openProblem(actor('t', ['mi_team_member']), { ...input, owner })).toThrow(code('FORBIDDEN'));
  });
});

describe('lifecycle', () => {
  const allowed: Array<[ProblemStatus, ProblemStatus]> = [
    ['NEW', 'UNDER_INVESTIGATION'],
    ['UNDER_INVESTIGATION', 'ROOT_CAUSE_IDENTIFIED'],
    ['ROOT_CAUSE_IDENTIFIED', 'KNOWN_ERROR'],
    ['ROOT_CAUSE_IDENTIFIED', 'UNDER_INVESTIGATION'],
    ['KNOWN_ERROR', 'RESOLVED'],
    ['KNOWN_ERROR', 'UNDER_INVESTIGATION'],
    ['RESOLVED', 'CLOSED'],
    ['RESOLVED', 'KNOWN_ERROR'],
  ];

  it('allows exactly these moves, CLOSED being final', () => {
    const declared = problemStatuses.flatMap((from) => allowedTransitions[from].map((to) => [from, to]));
    expect(declared.sort()).toEqual([...allowed].sort());
    expect(allowedTransitions.CLOSED).toEqual([]);
  });

  it.each(allowed)('%s -> %s bumps the version when its guard holds', (from, to) => {
    expect(changeStatus(state(from), 3, to, analysed)).toEqual({ status: to, version: 4 });
  });

  it.each(
    problemStatuses.flatMap((from) =>
      problemStatuses
        .filter((to) => !allowedTransitions[from].includes(to))
        .map((to) => [from, to] as [ProblemStatus, ProblemStatus]),
    ),
  )('refuses %s -> %s with INVALID_TRANSITION', (from, to) => {
    expect(() => changeStatus(state(from), 3, to, analysed)).toThrow(code('INVALID_TRANSITION'));
  });

  it('walks the whole lifecycle forward', () => {
    let current = state('NEW', 1);
    for (const to of problemStatuses.slice(1)) current = changeStatus(current, current.version, to, analysed);
    expect(current).toEqual({ status: 'CLOSED', version: 6 });
  });

  it('needs a recorded root cause statement for ROOT_CAUSE_IDENTIFIED', () => {
    expect(() => changeStatus(state('UNDER_INVESTIGATION'), 3, 'ROOT_CAUSE_IDENTIFIED', nothingYet)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', message: expect.stringContaining('root cause') }),
    );
  });

  it('needs a known error for KNOWN_ERROR', () => {
    const facts = { ...analysed, knownErrorCount: 0 };
    expect(() => changeStatus(state('ROOT_CAUSE_IDENTIFIED'), 3, 'KNOWN_ERROR', facts)).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        message: expect.stringContaining('known error'),
      }),
    );
  });

  it('refuses a stale expected version with CONFLICT before anything else', () => {
    expect(() => changeStatus(state('NEW'), 2, 'UNDER_INVESTIGATION', analysed)).toThrow(code('CONFLICT'));
    expect(() => changeStatus(state('CLOSED'), 2, 'NEW', analysed)).toThrow(code('CONFLICT'));
  });
});

describe('owner', () => {
  const owned = { ...state('UNDER_INVESTIGATION'), ownerId: null, ownerName: null };

  it('is taken with a new version; naming the same owner again changes nothing', () => {
    const next = assignOwner(owned, 3, { id: 'pm-1', name: 'Pat' });
    expect(next).toEqual({ ownerId: 'pm-1', ownerName: 'Pat', version: 4 });
    expect(assignOwner({ ...owned, ...next! }, 4, { id: 'pm-1', name: 'Pat' })).toBeNull();
  });

  it('refuses a stale version and a closed problem', () => {
    expect(() => assignOwner(owned, 2, { id: 'pm-1', name: 'Pat' })).toThrow(code('CONFLICT'));
    expect(() => assignOwner({ ...owned, status: 'CLOSED' }, 3, { id: 'pm-1', name: 'Pat' })).toThrow(
      code('INVALID_TRANSITION'),
    );
  });
});

describe('linking incidents', () => {
  const [a, b, c] = ['a', 'b', 'c'];

  it('links only the incidents not linked yet, with a new version', () => {
    expect(linkIncidents(state('NEW'), 3, [a], [a, b, c, b])).toEqual({ newlyLinked: [b, c], version: 4 });
  });

  it('is idempotent: nothing new changes nothing, whatever version was read', () => {
    expect(linkIncidents(state('NEW'), 1, [a, b], [b, a])).toEqual({ newlyLinked: [], version: 3 });
  });

  it('refuses a stale version when something would change, and a closed problem', () => {
    expect(() => linkIncidents(state('NEW'), 2, [a], [b])).toThrow(code('CONFLICT'));
    expect(() => linkIncidents(state('CLOSED'), 3, [a], [a])).toThrow(code('INVALID_TRANSITION'));
  });
});

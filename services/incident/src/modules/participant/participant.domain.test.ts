import { type TeamMember, addToTeam, removeFromTeam } from './participant.domain';
import { participantAddedEntry, participantRemovedEntry } from './participant.history';

const grace: TeamMember = { userId: 'user-7', name: 'Grace Hopper', role: 'MI_TEAM_MEMBER' };
const actor = { id: 'mim-1', name: 'Mia Manager' };
const at = new Date('2019-07-02T13:55:00Z');

describe('the incident team', () => {
  it('adds a person who is not on it', () => {
    expect(addToTeam(null, grace)).toEqual({ kind: 'added', participant: grace });
  });

  it('changes nothing when someone on it is added again with the same role', () => {
    expect(addToTeam(grace, { ...grace, name: 'G. Hopper' })).toEqual({
      kind: 'unchanged',
      participant: grace,
    });
  });

  it('changes the role of someone added again with another role: one role per person', () => {
    expect(addToTeam(grace, { ...grace, role: 'TECHNICAL_STAFF' })).toEqual({
      kind: 'role_changed',
      participant: { ...grace, role: 'TECHNICAL_STAFF' },
      previousRole: 'MI_TEAM_MEMBER',
    });
  });

  it('removes someone on it, and refuses someone who is not with NOT_FOUND', () => {
    expect(removeFromTeam('i-1', grace, 'user-7')).toBe(grace);
    expect(() => removeFromTeam('i-1', null, 'user-8')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', details: { incidentId: 'i-1', userId: 'user-8' } }),
    );
  });

  it('records joining, a change of role and leaving as INTERNAL timeline entries', () => {
    expect(participantAddedEntry({ kind: 'added', participant: grace }, actor, at)).toMatchObject({
      kind: 'participant_added',
      visibility: 'INTERNAL',
      summary: 'Grace Hopper joined the team as MI team member',
      detail: { userId: 'user-7', role: 'MI_TEAM_MEMBER', previousRole: null },
    });
    const changed = addToTeam(grace, { ...grace, role: 'EXTERNAL_CONSULTANT' });
    if (changed.kind === 'unchanged') throw new Error('expected a change');
    expect(participantAddedEntry(changed, actor, at)).toMatchObject({
      kind: 'participant_added',
      summary: 'Grace Hopper is now external consultant (was MI team member)',
      detail: { role: 'EXTERNAL_CONSULTANT', previousRole: 'MI_TEAM_MEMBER' },
    });
    expect(participantRemovedEntry(grace, actor, at)).toMatchObject({
      kind: 'participant_removed',
      visibility: 'INTERNAL',
      summary: 'Grace Hopper left the team (MI team member)',
    });
  });
});

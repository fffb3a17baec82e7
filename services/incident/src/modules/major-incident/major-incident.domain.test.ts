import type { IncidentStatus } from '@mim/contracts';
import { type MajorState, declareMajor } from './major-incident.domain';

const at = new Date('2019-07-02T13:50:00Z');
const open: MajorState = {
  status: 'IN_PROGRESS',
  version: 4,
  isMajor: false,
  majorDeclaredAt: null,
  impactStatement: null,
};

describe('declaring a major incident', () => {
  it('marks an open incident major, with when and the impact statement, and a new version', () => {
    expect(declareMajor(open, 4, 'Half of all traffic returns 502', at)).toEqual({
      status: 'IN_PROGRESS',
      version: 5,
      isMajor: true,
      majorDeclaredAt: at,
      impactStatement: 'Half of all traffic returns 502',
    });
  });

  it.each<IncidentStatus>(['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD'])(
    'accepts a %s incident',
    (status) => {
      expect(declareMajor({ ...open, status }, 4, 'impact', at).isMajor).toBe(true);
    },
  );

  it.each<IncidentStatus>(['RESOLVED', 'CLOSED', 'CANCELLED'])(
    'refuses a %s incident with INVALID_TRANSITION',
    (status) => {
      expect(() => declareMajor({ ...open, status }, 4, 'impact', at)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION', details: { status } }),
      );
    },
  );

  it('refuses to declare it twice, naming when it was declared', () => {
    const declared = declareMajor(open, 4, 'impact', at);
    expect(() => declareMajor(declared, 5, 'again', new Date())).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        details: { majorDeclaredAt: at.toISOString() },
      }),
    );
  });

  it('checks the version first: a stale one is a CONFLICT, whatever the state', () => {
    expect(() => declareMajor(open, 3, 'impact', at)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => declareMajor({ ...open, status: 'CLOSED' }, 3, 'impact', at)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});

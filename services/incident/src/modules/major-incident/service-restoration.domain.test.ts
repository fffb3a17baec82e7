import { DomainError } from '@mim/errors';
import { downtimeSeconds, restoreService, type RestorationState } from './service-restoration.domain';

const at = (time: string) => new Date(`2019-07-02T${time}:00.000Z`);
const open: RestorationState = {
  status: 'IN_PROGRESS',
  version: 4,
  reportedAt: at('13:45'),
  failureStartedAt: at('13:42'),
  serviceRestoredAt: null,
};

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return 'no error';
};

describe('restoreService', () => {
  it('records the restoration with a new version', () => {
    expect(restoreService(open, 4, at('14:07'))).toEqual({
      ...open,
      serviceRestoredAt: at('14:07'),
      version: 5,
    });
  });

  it('refuses a stale version, a closed incident, a second restoration and a time before the failure', () => {
    expect(codeOf(() => restoreService(open, 3, at('14:07')))).toBe('CONFLICT');
    expect(codeOf(() => restoreService({ ...open, status: 'RESOLVED' }, 4, at('14:07')))).toBe(
      'INVALID_TRANSITION',
    );
    expect(codeOf(() => restoreService({ ...open, serviceRestoredAt: at('14:07') }, 4, at('14:08')))).toBe(
      'INVALID_TRANSITION',
    );
    expect(codeOf(() => restoreService(open, 4, at('13:40')))).toBe('BAD_USER_INPUT');
  });
});

describe('downtimeSeconds', () => {
  const base = {
    reportedAt: at('13:45'),
    failureStartedAt: at('13:42'),
    serviceRestoredAt: null,
    resolvedAt: null,
  };

  it('runs from the failure start to the restoration, else to the resolution, else unknown', () => {
    expect(downtimeSeconds({ ...base, serviceRestoredAt: at('14:07'), resolvedAt: at('14:52') })).toBe(
      25 * 60,
    );
    expect(downtimeSeconds({ ...base, resolvedAt: at('14:52') })).toBe(70 * 60);
    expect(downtimeSeconds(base)).toBeNull();
  });

  it('starts at the report when the failure start is unknown', () => {
    expect(downtimeSeconds({ ...base, failureStartedAt: null, serviceRestoredAt: at('14:07') })).toBe(
      22 * 60,
    );
  });
});

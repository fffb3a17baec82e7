import { isUuid } from './uuid';

describe('isUuid', () => {
  it.each(['0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10', '0B6F2A4E-7A53-4D52-8F0E-4D7C2A1B9C10'])(
    'accepts %s',
    (value) => {
      expect(isUuid(value)).toBe(true);
    },
  );

  it.each([
    '',
    'x',
    '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c1',
    '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c100',
    '0b6f2a4e7a534d528f0e4d7c2a1b9c10',
    'zb6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    ' 0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
  ])('refuses %j', (value) => {
    expect(isUuid(value)).toBe(false);
  });
});

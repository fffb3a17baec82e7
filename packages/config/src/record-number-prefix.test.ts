import { recordNumberPrefix } from './env-fragments';

describe('recordNumberPrefix', () => {
  const schema = recordNumberPrefix('INC');

  it('defaults to the given prefix', () => {
    expect(schema.parse(undefined)).toBe('INC');
  });

  it('accepts two to six capital letters', () => {
    expect(schema.parse('IM')).toBe('IM');
    expect(schema.parse('ABCDEF')).toBe('ABCDEF');
  });

  it.each(['I', 'ABCDEFG', 'inc', 'IN1', 'IN-C', ''])('refuses %j', (value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});

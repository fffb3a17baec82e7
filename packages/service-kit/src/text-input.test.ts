import { expectedVersion, optionalText, personInput, recordIdArg, requiredText } from './text-input';

describe('shared input rules', () => {
  it('required text is trimmed, not empty, bounded and free of NUL', () => {
    expect(requiredText(5).parse('  abc ')).toBe('abc');
    expect(requiredText(5).safeParse('   ').success).toBe(false);
    expect(requiredText(5).safeParse('abcdef').success).toBe(false);
    expect(requiredText(5).safeParse('a\u0000b').success).toBe(false);
  });

  it('optional text treats absent, null and blank as none', () => {
    expect(optionalText(5).parse(undefined)).toBeNull();
    expect(optionalText(5).parse(null)).toBeNull();
    expect(optionalText(5).parse('  ')).toBeNull();
    expect(optionalText(5).parse(' x ')).toBe('x');
  });

  it('checks people, versions and record ids', () => {
    expect(personInput.safeParse({ id: 'u-1', name: ' Ada ' })).toEqual({
      success: true,
      data: { id: 'u-1', name: 'Ada' },
    });
    expect(expectedVersion.safeParse(0).success).toBe(false);
    expect(recordIdArg.safeParse('x'.repeat(101)).success).toBe(false);
    expect(recordIdArg.safeParse('not-a-uuid').success).toBe(true);
  });
});

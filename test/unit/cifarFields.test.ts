import { describe, expect, it } from 'vitest';
import { intParser, numberParser } from '../../src/cifar/ui/components/TextField';
import { parseNumber } from '../../src/cifar/ui/format';

/** The CIFAR Lab's typed fields use the Toy Lab's number schema (fieldSchema.ts): strict, and they say why. */
describe('CIFAR Lab text fields', () => {
  const seed = intParser(0, 2 ** 31 - 1);
  const eps = numberParser(0, 1, parseNumber);

  it.each([
    ['', /"" is not a number \(expected a whole number from 0 to 2147483647\)/],
    ['   ', /is not a number/],
    ['0x10', /"0x10" is not a number/],
    ['1.5', /is not a whole number/],
    ['-1', /must be at least 0/],
    ['1e309', /is too large/],
    ['3000000000', /must be at most 2147483647/],
  ])('a whole-number field refuses %j', (text, message) => {
    const r = seed(text);
    expect(typeof r).toBe('object');
    expect((r as { error: string }).error).toMatch(message);
  });

  it.each([
    ['8/0', /is too large/],
    ['abc', /is not a number/],
    ['Infinity', /is not a number/],
    ['0', /must be greater than 0/],
    ['2', /must be at most 1/],
    ['0x1/255', /is not a number/],
  ])('an eps field refuses %j', (text, message) => {
    expect((eps(text) as { error: string }).error).toMatch(message);
  });

  it('accepts plain numbers and fractions', () => {
    expect(seed(' 12 ')).toBe(12);
    expect(seed('1e3')).toBe(1000);
    expect(eps('8/255')).toBeCloseTo(8 / 255, 12);
    expect(eps('.5')).toBe(0.5);
    expect(parseNumber('1e-3')).toBe(0.001);
  });
});

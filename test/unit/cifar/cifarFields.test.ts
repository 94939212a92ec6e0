import { describe, expect, it } from 'vitest';
import { linkParser } from '../../../src/cifar/page/components/TextField';
import { parseNumber } from '../../../src/cifar/page/format';

/**
 * The CIFAR Lab's typed fields parse with their rows of the lab's one table (cifarLink.ts), the
 * schema the address bar uses: strict, and they say why.
 */
describe('CIFAR Lab text fields', () => {
  const seed = linkParser('seed');
  const eps = linkParser('tableLinfEps');
  const error = (r: unknown) => (r as { error: string }).error;

  it.each([
    ['', /"" is not a number/],
    ['   ', /is not a number/],
    ['0x10', /"0x10" is not a number/],
    ['1.5', /is not a whole number/],
    ['-1', /must be at least 0/],
    ['1e309', /is too large/],
    ['3000000000', /must be at most 2147483647/],
  ])('a whole-number field refuses %j', (text, message) => {
    expect(error(seed(text))).toMatch(message);
  });

  it.each([
    ['8/0', /is too large/],
    ['abc', /is not a number/],
    ['Infinity', /is not a number/],
    ['0', /must be greater than 0/],
    ['2', /must be at most 1/],
    ['0x1/255', /is not a number/],
  ])('an eps field refuses %j', (text, message) => {
    expect(error(eps(text))).toMatch(message);
  });

  it('accepts plain numbers, fractions and the table’s other forms', () => {
    expect(seed(' 12 ')).toBe(12);
    expect(seed('1e3')).toBe(1000);
    expect(eps('8/255')).toBeCloseTo(8 / 255, 12);
    expect(eps('.5')).toBe(0.5);
    expect(linkParser('nnPoolSize')('all')).toBe('all');
    expect(linkParser('channels')('8, 16 32')).toEqual([8, 16, 32]);
    expect(error(linkParser('channels')('8-0-32'))).toMatch(/must be at least 1/);
    expect(linkParser('learningRate')('3/1000')).toBeCloseTo(0.003, 12);
    expect(parseNumber('1e-3')).toBe(0.001);
    expect(parseNumber('0x10')).toBeNaN();
  });
});

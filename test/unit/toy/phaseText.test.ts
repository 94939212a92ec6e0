import { describe, expect, it } from 'vitest';
import { phaseText } from '../../../src/toy/page/format';

describe('phaseText (the attack status line in plain words)', () => {
  it('says what the worker is doing, with "of" counts', () => {
    expect(phaseText('eps sweep (pag)', 21, 24)).toBe('Measuring the PAG model at each ε of the sweep (21 of 24)');
    expect(phaseText('attacking the vanilla model', 1, 2)).toBe('Attacking the vanilla model (1 of 2)');
    expect(phaseText('attack suite (pag, ε 15): margin loss', 3, 8)).toBe('Stronger attacks on the PAG model at ε 15: margin loss (3 of 8)');
    expect(phaseText('something new', 0, 0)).toBe('Something new');
  });
});

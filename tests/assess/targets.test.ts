import { describe, expect, it } from 'vitest';
import { parseTarget, polarityOfTarget } from '../../src/assess/targets.js';

const t = (raw: string, polarity: 'higher' | 'lower' | null = null, value: number | null = null) => parseTarget({ raw, value }, polarity);

describe('targets', () => {
  it.each([
    ['90%', 'higher', { kind: 'min', value: 90, inclusive: true }],
    ['90.0%', 'lower', { kind: 'max', value: 90, inclusive: true }],
    ['80%+', null, { kind: 'min', value: 80, inclusive: true }],
    ['>50%', null, { kind: 'min', value: 50, inclusive: false }],
    ['at least 12', null, { kind: 'min', value: 12, inclusive: true }],
    ['<20%', null, { kind: 'max', value: 20, inclusive: false }],
    ['<=20', null, { kind: 'max', value: 20, inclusive: true }],
    ['below 18%', null, { kind: 'max', value: 18, inclusive: false }],
    ['Below 8%', null, { kind: 'max', value: 8, inclusive: false }],
    ['below 50', null, { kind: 'max', value: 50, inclusive: false }],
    ['no more than 4', null, { kind: 'max', value: 4, inclusive: true }],
    ['105-135', null, { kind: 'range', min: 105, max: 135 }],
    ['90-95%', null, { kind: 'range', min: 90, max: 95 }],
    ['34-35', null, { kind: 'range', min: 34, max: 35 }],
    ['97%-99%', null, { kind: 'range', min: 97, max: 99 }],
    ['260-300', null, { kind: 'range', min: 260, max: 300 }],
    ['0', null, { kind: 'max', value: 0, inclusive: true }],
    ['0', 'higher', { kind: 'min', value: 0 }],
    ['15', null, { kind: 'level', value: 15 }],
    ['2583', 'higher', { kind: 'min', value: 2583 }],
    ['1,150', 'higher', { kind: 'min', value: 1150 }],
    ['6 per month', null, { kind: 'rate', value: 6, per: 'month' }],
    ['12 a year', null, { kind: 'rate', value: 12, per: 'year' }],
    ['Monitor', null, { kind: 'monitor' }],
    ['monitoring only', null, { kind: 'monitor' }],
    ['N/A', null, { kind: 'monitor' }],
    ['-', null, { kind: 'monitor' }],
    ['tbc by the board', null, { kind: 'text' }],
  ] as const)('%j (polarity %s)', (raw, polarity, expected) => {
    expect(t(raw, polarity)).toMatchObject({ ...expected, raw });
  });

  it('uses the typed value of a %-formatted target cell', () => {
    expect(parseTarget({ raw: '90.0%', value: 90 }, 'higher')).toMatchObject({ kind: 'min', value: 90 });
  });

  it('has no target when the cell is blank', () => {
    expect(parseTarget({ raw: null, value: null }, 'higher')).toEqual({ kind: 'none' });
    expect(parseTarget({ raw: '  ', value: null }, null)).toEqual({ kind: 'none' });
  });

  it('implies a polarity from its own words', () => {
    expect(polarityOfTarget(t('below 10%'))).toBe('lower');
    expect(polarityOfTarget(t('80%+'))).toBe('higher');
    expect(polarityOfTarget(t('6 per month'))).toBe('higher');
    expect(polarityOfTarget(t('105-135'))).toBeNull();
    expect(polarityOfTarget(t('15'))).toBeNull();
  });
});

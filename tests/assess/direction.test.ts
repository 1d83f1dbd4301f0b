import { describe, expect, it } from 'vitest';
import { assessReport } from '../../src/assess/index.js';
import { analyse, makeIndicator, makeReport } from '../helpers/build.js';

const words = async (series: Record<string, string | number>, polarity: 'higher' | 'lower' | null, yaml = '') =>
  (await analyse(makeReport([makeIndicator({ id: 'X', series, polarity, unit: '%', decimals: 1 })], yaml))).words().direction;
const dir = (series: Record<string, string | number>, polarity: 'higher' | 'lower' | null, yaml = '', over = {}) =>
  assessReport(makeReport([makeIndicator({ id: 'X', series, polarity, unit: '%', decimals: 1, ...over })], yaml)).indicators[0]!;

describe('direction of travel', () => {
  it.each([
    [{ 'Feb-25': '70%', 'Mar-25': '75%' }, 'higher', 'improving'],
    [{ 'Feb-25': '70%', 'Mar-25': '65%' }, 'higher', 'declining'],
    [{ 'Feb-25': '70%', 'Mar-25': '65%' }, 'lower', 'improving'],
    [{ 'Feb-25': '-2', 'Mar-25': '-5' }, 'higher', 'declining'],
    [{ 'Feb-25': '-2', 'Mar-25': '-5' }, 'lower', 'improving'],
    [{ 'Feb-25': '70%', 'Mar-25': '70.5%' }, 'higher', 'no-change'],
    [{ 'Feb-25': '70%', 'Mar-25': '75%' }, null, 'up'],
    [{ 'Feb-25': '70%', 'Mar-25': '65%' }, null, 'down'],
    [{ 'Feb-25': '70%', 'Mar-25': '70%' }, null, 'same'],
  ] as const)('%j with polarity %s is %s', (series, polarity, expected) => {
    expect(dir(series, polarity).direction).toBe(expected);
  });

  it('counts changes inside the band as no change, relative or absolute, and says so', async () => {
    expect(dir({ 'Feb-25': '70%', 'Mar-25': '70.7%' }, 'higher').direction).toBe('no-change');
    expect(dir({ 'Feb-25': '70%', 'Mar-25': '70.8%' }, 'higher').direction).toBe('improving');
    expect(dir({ 'Feb-25': '70%', 'Mar-25': '71.9%' }, 'higher', 'direction: { band: 2 points }').direction).toBe('no-change');
    expect(await words({ 'Feb-25': '70%', 'Mar-25': '71.9%' }, 'higher', 'direction: { band: 2 points }')).toBe(
      'Little change: 70.0% in Feb-25, 71.9% in Mar-25 (+1.9 points, within the no-change band of 2 points)',
    );
    expect(dir({ 'Feb-25': '70%', 'Mar-25': '72.1%' }, 'higher', 'direction: { band: 2 points }').direction).toBe('improving');
    expect(await words({ 'Feb-25': '76%', 'Mar-25': '72.2%' }, 'higher')).toBe('Fell from 76.0% in Feb-25 to 72.2% in Mar-25 (−3.8 points), a decline');
    expect(await words({ 'Feb-25': '70%', 'Mar-25': '71%' }, null)).toBe('Rose from 70.0% in Feb-25 to 71.0% in Mar-25 (+1.0 points)');
  });

  it('compares with the previous period that has a value', () => {
    const a = dir({ 'Jan-25': '60%', 'Feb-25': 'NYC', 'Mar-25': '70%' }, 'higher');
    expect(a).toMatchObject({ direction: 'improving', comparison: { period: { label: 'Jan-25' } } });
  });

  it('is not comparable with no earlier value, or with a missing or suppressed current value', async () => {
    expect(dir({ 'Mar-25': '70%' }, 'higher').direction).toBe('not-comparable');
    expect(await words({ 'Mar-25': '70%' }, 'higher')).toBe('No earlier value to compare with');
    expect(dir({ 'Feb-25': '70%', 'Mar-25': 'suppressed' }, 'higher').direction).toBe('not-comparable');
    expect(dir({ 'Feb-25': '70%', 'Mar-25': '-' }, 'higher').direction).toBe('not-comparable');
  });

  it('compares with the same period last year when configured, and not across kinds of period', async () => {
    const yaml = 'direction: { compare: same-period-last-year }';
    expect(dir({ 'Mar-24': '60%', 'Feb-25': '80%', 'Mar-25': '70%' }, 'higher', yaml)).toMatchObject({
      direction: 'improving',
      comparison: { period: { label: 'Mar-24' } },
    });
    expect(dir({ 'Mar-24': 'suppressed', 'Mar-25': '70%' }, 'higher', yaml).direction).toBe('not-comparable');
    expect(await words({ 'Mar-24': 'suppressed', 'Mar-25': '70%' }, 'higher', yaml)).toBe('No comparison: the Mar-24 figure is suppressed');
    expect(dir({ 'Feb-25': '70%', 'Mar-25': '70%' }, 'higher', yaml).direction).toBe('not-comparable');
    expect(dir({ '2023/24': '50%', 'Mar-25': '70%' }, 'higher').direction).toBe('not-comparable');
  });

  it('compares with benchmarks by polarity', () => {
    const bench = (name: string, value: number | null) => ({
      name,
      value,
      raw: String(value),
      status: value === null ? ('missing' as const) : ('ok' as const),
      revised: false,
      at: '',
    });
    const a = dir({ 'Mar-25': '70%' }, 'higher', '', { benchmarks: [bench('England', 60), bench('SN', 80), bench('NE', 70.5), bench('Region', null)] });
    expect(a.benchmarks.map((b) => b.comparison)).toEqual(['better', 'worse', 'similar', 'not-comparable']);
    const none = dir({ 'Mar-25': '70%' }, null, '', { benchmarks: [bench('England', 60)] });
    expect(none.benchmarks[0]).toMatchObject({ comparison: 'above', difference: 10 });
    const total = dir({ 'Mar-25': 16 }, 'lower', '', { unit: 'number', benchmarks: [bench('National', 49650)] });
    expect(total.benchmarks[0]!.comparison).toBe('not-comparable');
  });
});

import { describe, expect, it } from 'vitest';
import { formatChange, formatDifference, formatFigure, formatShare, formatValue, withSeparators } from '../../src/model/format.js';

describe('durations', () => {
  it('are written as minutes and seconds, or hours when there are any', () => {
    expect(formatValue(511, 'time', 0)).toBe('8:31');
    expect(formatValue(3765, 'time', 0)).toBe('1:02:45');
    expect(formatChange(7, 'time', 0)).toBe('+0:07');
    expect(formatChange(-75, 'time', 0)).toBe('−1:15');
  });
});

describe('one format per indicator', () => {
  it("writes every figure with the indicator's decimals and thousands separators, never a cell's own", () => {
    const ind = { unit: 'number', decimals: 0 };
    expect([1200, 1036.4, 7].map((v) => formatFigure(v, ind))).toEqual(['1,200', '1,036', '7']);
    const pct = { unit: '%', decimals: 1 };
    expect([72, 72.25, 1234.5].map((v) => formatFigure(v, pct))).toEqual(['72.0%', '72.3%', '1,234.5%']);
  });

  it('puts separators into figures written as the workbook had them, leaving decimals and grouped figures alone', () => {
    expect(withSeparators('2583')).toBe('2,583');
    expect(withSeparators('<2583')).toBe('<2,583');
    expect(withSeparators('1,150')).toBe('1,150');
    expect(withSeparators('105-1350')).toBe('105-1,350');
    expect(withSeparators('0.12345')).toBe('0.12345');
    expect(withSeparators('1234.5678')).toBe('1,234.5678');
    expect(withSeparators('49650')).toBe('49,650');
  });
});

describe('gaps and changes', () => {
  it('are in points for a percentage and in units, with a per cent of the reference, for anything else', () => {
    expect(formatDifference(15, '%', 1)).toBe('15.0 points');
    expect(formatDifference(-1, '%', 0)).toBe('1 point');
    expect(formatDifference(7, 'number', 0)).toBe('7');
    expect(formatDifference(1200, '£', 0)).toBe('£1,200');
    expect(formatShare(15, 90, '%')).toBeNull();
    expect(formatShare(7, 50, 'number')).toBe('14.0%');
    expect(formatShare(18, 1107, 'number', true)).toBe('+1.6%');
    expect(formatShare(-2, 48, 'number', true)).toBe('−4.2%');
    expect(formatShare(4, 0, 'number')).toBeNull();
  });
});

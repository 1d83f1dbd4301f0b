import { describe, expect, it } from 'vitest';
import { formatChange, formatValue } from '../../src/model/format.js';

describe('durations', () => {
  it('are written as minutes and seconds, or hours when there are any', () => {
    expect(formatValue(511, 'time', 0)).toBe('8:31');
    expect(formatValue(3765, 'time', 0)).toBe('1:02:45');
    expect(formatChange(7, 'time', 0)).toBe('+0:07');
    expect(formatChange(-75, 'time', 0)).toBe('−1:15');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCell } from '../../src/ingest/parseCell.js';

describe('parseCell: text as councils type it', () => {
  it.each([
    ['18.1%', { value: 18.1, status: 'ok', percent: true, decimals: 1 }],
    ['1,036', { value: 1036, status: 'ok', percent: false, decimals: 0 }],
    ['100.8r', { value: 100.8, status: 'ok', revised: true }],
    ['38r', { value: 38, status: 'ok', revised: true }],
    ['67% (4)', { value: 67, status: 'ok', count: 4, percent: true }],
    ['↑ 83%', { value: 83, status: 'ok', direction: 'up', percent: true }],
    ['→ 71%', { value: 71, status: 'ok', direction: 'same' }],
    ['⬇ 12', { value: 12, status: 'ok', direction: 'down' }],
    ['97%-99%', { value: 98, status: 'ok', range: [97, 99], percent: true }],
    ['105-135', { value: 120, status: 'ok', range: [105, 135] }],
    ['-4.5', { value: -4.5, status: 'ok' }],
    ['£1,250.50', { value: 1250.5, status: 'ok' }],
    ['6.00', { value: 6, status: 'ok', decimals: 2 }],
    ['  42  ', { value: 42, status: 'ok' }],
  ])('%s', (text, expected) => {
    expect(parseCell(text)).toMatchObject({ ...expected, raw: text });
  });

  it.each([
    ['Supressed', 'suppressed'],
    ['suppressed', 'suppressed'],
    ['Supressed due to low numbers', 'suppressed'],
    ['*', 'suppressed'],
    ['NYC', 'not-collected'],
    ['Not reported', 'not-reported'],
    ['Not reported due to new moderation process', 'not-reported'],
    ['NA', 'not-applicable'],
    ['N/A', 'not-applicable'],
    ['n/a', 'not-applicable'],
    ['Data currently unavailable', 'unavailable'],
    ['-', 'missing'],
    ['', 'missing'],
    ['   ', 'missing'],
    ['Process commenced in quarter 2', 'unparsed'],
    ['previous academic year', 'unparsed'],
  ])('marker %j is %s, with no value', (text, status) => {
    const cell = parseCell(text);
    expect(cell.status).toBe(status);
    expect(cell.value).toBeNull();
    expect(cell.raw).toBe(text);
  });

  it('keeps words after a figure as a note', () => {
    expect(parseCell('17% (rolling year)/ 24% just Q1')).toMatchObject({ value: 17, status: 'ok', note: '(rolling year)/ 24% just Q1' });
    expect(parseCell('57% (63%)')).toMatchObject({ value: 57, note: '(63%)', count: null });
    expect(parseCell('Not reported due to new moderation process').note).toBe('Not reported due to new moderation process');
  });
});

describe('parseCell: typed workbook cells', () => {
  it('scales numbers with a % format and reads the formatted text', () => {
    expect(parseCell({ t: 'n', v: 0.181, w: '18.1%', z: '0.0%' })).toMatchObject({ value: 18.1, percent: true, raw: '18.1%', decimals: 1 });
    expect(parseCell({ t: 'n', v: 0.153, w: '15.30%', z: '0.00%' })).toMatchObject({ value: 15.3, decimals: 2 });
    expect(parseCell({ t: 'n', v: 1, w: '100%', z: '0%' })).toMatchObject({ value: 100, decimals: 0 });
  });
  it('reads a number that overflows once scaled as the text it shows, never as Infinity', () => {
    expect(parseCell({ t: 'n', v: 1.797693134862316e306, w: '1.8E+308%', z: '0%' })).toMatchObject({ value: null, status: 'unparsed', raw: '1.8E+308%' });
    // As a duration in seconds it would overflow too; it is read as the number it shows.
    expect(parseCell({ t: 'n', v: 1e306, w: '1e+306', z: '[h]:mm:ss' })).toMatchObject({ value: 1e306, raw: '1e+306' });
  });

  it('keeps plain numbers as they are', () => {
    expect(parseCell({ t: 'n', v: 1036, w: '1,036', z: '#,##0' })).toMatchObject({ value: 1036, raw: '1,036', percent: false });
    expect(parseCell({ t: 'n', v: 6, w: '6.00', z: '0.00' })).toMatchObject({ value: 6, raw: '6.00', decimals: 2 });
    expect(parseCell({ t: 'n', v: 628 })).toMatchObject({ value: 628, raw: '628' });
  });
  it('reads Excel error cells as unparsed, naming the error', () => {
    expect(parseCell({ t: 'e', v: 7, w: '#DIV/0!' })).toMatchObject({ status: 'unparsed', value: null, excelError: '#DIV/0!' });
    expect(parseCell('#N/A')).toMatchObject({ status: 'unparsed', excelError: '#N/A' });
  });
  it('reads text cells as text', () => {
    expect(parseCell({ t: 's', v: 'NYC', w: 'NYC' }).status).toBe('not-collected');
    expect(parseCell({ t: 'z' }).status).toBe('missing');
    expect(parseCell({ t: 'b', v: true, w: 'TRUE' }).status).toBe('unparsed');
  });
});

describe('parseCell properties', () => {
  it('never throws, and always returns the text it was given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const cell = parseCell(s);
        expect(cell.raw).toBe(s);
        expect(cell.value === null || Number.isFinite(cell.value)).toBe(true);
        if (cell.status !== 'ok') expect(cell.value).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
  it('round-trips numbers written as text', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
        (n) => {
          expect(parseCell(String(n)).value).toBe(n);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('round-trips numbers written with thousands separators and a % sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 99 }), (whole, frac) => {
        const text = `${whole.toLocaleString('en-GB')}.${String(frac).padStart(2, '0')}%`;
        expect(parseCell(text)).toMatchObject({ value: Number(`${whole}.${String(frac).padStart(2, '0')}`), percent: true, decimals: 2 });
      }),
    );
  });
  it('reads a % formatted workbook number as the figure it shows', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100000, max: 100000 }), (tenths) => {
        const shown = tenths / 10;
        expect(parseCell({ t: 'n', v: shown / 100, z: '0.0%', w: `${shown.toFixed(1)}%` }).value).toBe(shown);
      }),
    );
  });
});

describe('markers councils use beyond the published examples', () => {
  it('reads <5 as a suppressed small number, TBC as not yet collected', () => {
    expect(parseCell('<5')).toMatchObject({ status: 'suppressed', value: null });
    expect(parseCell('≤ 10')).toMatchObject({ status: 'suppressed' });
    expect(parseCell('TBC')).toMatchObject({ status: 'not-collected' });
    expect(parseCell('Pending')).toMatchObject({ status: 'not-collected' });
  });

  it('reads a figure with a footnote mark, keeping the mark', () => {
    expect(parseCell('15.8*')).toMatchObject({ status: 'ok', value: 15.8, note: '*' });
    expect(parseCell('63.1 (p)')).toMatchObject({ status: 'ok', value: 63.1, note: '(p)' });
    expect(parseCell('67% (4)')).toMatchObject({ value: 67, count: 4, note: null });
  });
});

describe('durations', () => {
  it('reads 08:31 and 1:02:45 in seconds, typed or as a time cell', () => {
    expect(parseCell('08:31')).toMatchObject({ status: 'ok', value: 511 });
    expect(parseCell('1:02:45')).toMatchObject({ status: 'ok', value: 3765 });
    expect(parseCell({ t: 'n', v: 511 / 86400, z: 'mm:ss', w: '08:31' })).toMatchObject({ status: 'ok', value: 511, raw: '08:31' });
    expect(parseCell({ t: 'n', v: 3765 / 86400, z: '[h]:mm:ss', w: '1:02:45' })).toMatchObject({ value: 3765 });
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoardpackError } from '../../src/errors.js';
import { type Grid, cellText } from '../../src/ingest/grid.js';
import { parseCell } from '../../src/ingest/parseCell.js';
import { type TextOptions, readText } from '../../src/ingest/readText.js';
import { examplesDir, repoDir } from '../helpers/examples.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const read = (text: string, file = 'kpis.csv', locale: TextOptions['locale'] = 'auto') => readText(utf8(text), file, 'kpis', { locale });
/** The text of every cell, '' for an empty one. */
const texts = (g: Grid) => g.rows.map((row) => row.map((c) => cellText(c)));
const value = (g: Grid, r: number, c: number) => parseCell(g.rows[r]![c]).value;
const codes = (g: Grid) => (g.notes ?? []).map((n) => n.code);

/** What UK Excel's plain "CSV" writes: one byte a character, `£` 0xA3, `–` 0x96, `’` 0x92. */
function windows1252(text: string): Uint8Array {
  const high: Record<string, number> = { '–': 0x96, '’': 0x92, '€': 0x80 };
  return Uint8Array.from([...text].map((ch) => high[ch] ?? ch.charCodeAt(0)));
}

const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array(le);
};

describe('readText: encodings', () => {
  it('reads UTF-8, with or without a byte-order mark, with no note', () => {
    for (const bytes of [utf8('Cost,Period\n£5,Apr–Jun\n'), utf8('\ufeffCost,Period\n£5,Apr–Jun\n')]) {
      const g = readText(bytes, 'kpis.csv', 'kpis');
      expect(texts(g)).toEqual([
        ['Cost', 'Period'],
        ['£5', 'Apr–Jun'],
      ]);
      expect(g.notes).toEqual([]);
    }
  });

  it('reads Windows-1252 (Excel\'s plain "CSV") and says so', () => {
    const g = readText(windows1252('Cost,Period,Note\n£5,Apr–Jun,Officer’s note\n'), 'kpis.csv', 'kpis');
    expect(texts(g)).toEqual([
      ['Cost', 'Period', 'Note'],
      ['£5', 'Apr–Jun', 'Officer’s note'],
    ]);
    expect(parseCell(g.rows[1]![0]).value).toBe(5);
    expect(g.notes).toEqual([
      expect.objectContaining({ severity: 'info', code: 'text-encoding', at: 'kpis.csv', message: expect.stringContaining('read as Windows-1252') }),
    ]);
    expect(g.notes![0]!.hint).toContain('CSV UTF-8');
  });

  it('reads UTF-16 (Excel\'s "Unicode Text"), little- or big-endian, with or without a byte-order mark', () => {
    const text = 'ID\tMeasure\tMar-25\n1\tRe-referrals – 12 months\t18.1%\n';
    const cases = [
      new Uint8Array(Buffer.from(`\ufeff${text}`, 'utf16le')),
      new Uint8Array(Buffer.from(text, 'utf16le')),
      utf16be(`\ufeff${text}`),
      utf16be(text),
    ];
    for (const bytes of cases) {
      const g = readText(bytes, 'kpis.txt', 'kpis');
      expect(texts(g)).toEqual([
        ['ID', 'Measure', 'Mar-25'],
        ['1', 'Re-referrals – 12 months', '18.1%'],
      ]);
      expect(g.notes).toEqual([expect.objectContaining({ severity: 'info', code: 'text-encoding', message: expect.stringContaining('UTF-16') })]);
    }
  });
});

describe('readText: delimiters and quoting', () => {
  it('finds tab, semicolon and pipe from the lines, not the file name', () => {
    for (const [text, file] of [
      ['ID\tMeasure\tMar-25\n1\tReferrals, in month\t1,036\n', 'kpis.txt'],
      ['ID\tMeasure\tMar-25\n1\tReferrals, in month\t1,036\n', 'kpis.csv'],
      ['ID|Measure|Mar-25\n1|Referrals, in month|"1,036"\n', 'kpis.csv'],
      ['ID;Measure;Mar-25\n1;Referrals, in month;"1,036"\n2;Re-referrals;18.1%\n', 'kpis.txt'],
    ] as const) {
      expect(texts(read(text, file))).toEqual(
        expect.arrayContaining([
          ['ID', 'Measure', 'Mar-25'],
          ['1', 'Referrals, in month', '1,036'],
        ]),
      );
    }
  });

  it('reads a .tsv as tab-separated whatever its lines hold', () => {
    expect(texts(read('a,b,c\nd,e,f\n', 'kpis.tsv'))).toEqual([['a,b,c'], ['d,e,f']]);
  });

  it('takes the delimiter most lines agree on, past titles and narrative', () => {
    const text = [
      'Children, young people and families: scorecard',
      '',
      'ID\tMeasure\tApr-24\tMay-24\tTarget',
      '1\tRe-referrals, 12 months\t18.1%\t17.9%\t<20%',
      '2\tAssessments in 45 days\t81.5%\t83.0%\t90%',
      '3\tReferrals\t1,036\t1,083\tMonitor',
      'Narrative: numbers rose, then fell, as expected.',
    ].join('\n');
    const g = read(text, 'kpis.txt');
    expect(g.rows[2]).toHaveLength(5);
    expect(texts(g)[0]).toEqual(['Children, young people and families: scorecard']);
  });

  it('keeps delimiters, quotes and line breaks inside quoted fields, and blank lines as blank rows', () => {
    const g = read('ID,Title,Value\r\nA1,"Rate, in month",5\r\nA2,"Line one\nline two",6\r\n\r\nA3,"He said ""no""",7\r\n,,\r\nA4,5" screen,8\n');
    expect(texts(g)).toEqual([
      ['ID', 'Title', 'Value'],
      ['A1', 'Rate, in month', '5'],
      ['A2', 'Line one\nline two', '6'],
      [''],
      ['A3', 'He said "no"', '7'],
      ['', '', ''],
      ['A4', '5" screen', '8'],
    ]);
    expect(g.rows[3]).toEqual([undefined]);
    expect(g.rows[5]).toEqual([undefined, undefined, undefined]);
  });

  it('says which row holds a quote that is never closed', () => {
    let error: unknown;
    try {
      read('ID,Title,Value\nA1,Rate,5\nA2,"Rate in month,6\nA3,Count,7\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BoardpackError);
    expect(error).toMatchObject({ code: 'text-unreadable', at: 'kpis.csv › kpis › row 3', message: expect.stringContaining('row 3 is never closed') });
  });
});

describe('readText: figures', () => {
  it('leaves a comma CSV with 1,036 and 18.1% as written', () => {
    const text = 'ID,Jan-25,Feb-25,Mar-25,Target\nA1,"1,036",1083,18.1%,90-95%\nA2,100.8r,67% (4),NYC,<20%\n';
    const g = read(text);
    expect(texts(g)).toEqual([
      ['ID', 'Jan-25', 'Feb-25', 'Mar-25', 'Target'],
      ['A1', '1,036', '1083', '18.1%', '90-95%'],
      ['A2', '100.8r', '67% (4)', 'NYC', '<20%'],
    ]);
    expect(g.notes).toEqual([]);
    expect([value(g, 1, 1), value(g, 1, 3), value(g, 2, 1), parseCell(g.rows[2]![2]).count]).toEqual([1036, 18.1, 100.8, 4]);
  });

  it('reads a semicolon CSV with decimal commas as the figures they are', () => {
    const g = read(
      'ID;Measure;Mar-25;Target;SN av\nA1;Re-referrals;41,8%;<20%;3,14159\nA2;Referrals;18.260;1.234,5;£1.036\nA3;Range;90,5-95,5%;67,5% (4);−2,5\n',
    );
    expect(texts(g)).toEqual([
      ['ID', 'Measure', 'Mar-25', 'Target', 'SN av'],
      ['A1', 'Re-referrals', '41.8%', '<20%', '3.14159'],
      ['A2', 'Referrals', '18,260', '1,234.5', '£1,036'],
      ['A3', 'Range', '90.5-95.5%', '67.5% (4)', '−2.5'],
    ]);
    expect(g.rows[1]![2]).toEqual({ t: 's', v: '41.8%', w: '41.8%' });
    expect([value(g, 1, 2), value(g, 2, 2), value(g, 2, 3), value(g, 2, 4), value(g, 3, 2), value(g, 3, 4)]).toEqual([41.8, 18260, 1234.5, 1036, 93, -2.5]);
    expect(g.notes).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'number-style',
        at: 'kpis.csv › kpis › C2',
        message: 'kpis.csv was read with decimal commas ("41,8%" is 41.8%), as its figures show.',
      }),
    ]);
  });

  it('reads 18.260 in a file with decimal commas as 18260', () => {
    const g = read('ID;Value\nA;18.260\nB;41,8\n');
    expect([value(g, 1, 1), value(g, 2, 1)]).toEqual([18260, 41.8]);
  });

  it('reads thousands written with spaces, no-break spaces and narrow no-break spaces', () => {
    const g = read('ID;Value;Rate\nA;1 036;1\u00a0234,5\nB;12\u202f345;0,5\n');
    expect(texts(g).slice(1)).toEqual([
      ['A', '1,036', '1,234.5'],
      ['B', '12,345', '0.5'],
    ]);
    expect([value(g, 1, 1), value(g, 1, 2), value(g, 2, 1)]).toEqual([1036, 1234.5, 12345]);
  });

  it('takes a comma-separated file whose only figures are thousands (1,036) as writing decimal points', () => {
    const g = read('ID,Measure,Mar-25\nA,Contacts,"1,036"\nB,Visits,18.260\n');
    expect(g.notes).toEqual([]);
    expect([value(g, 1, 2), value(g, 2, 2)]).toEqual([1036, 18.26]);
  });

  it("makes each figure it cannot read without the file's style an error naming the cell, never a guess", () => {
    const g = read('ID\tMeasure\tMar-25\nA\tReferrals\t18.260\nB\tContacts\t1,234\nC\tVisits\t12\n', 'kpis.txt');
    expect(g.notes).toEqual([
      {
        severity: 'error',
        code: 'number-ambiguous',
        message: '"18.260" could be 18,260 or 18.26: the file does not show whether it uses decimal commas.',
        at: 'kpis.txt › kpis › C2',
        hint: 'Set `locale: eu` (1.234,5) or `locale: en` (1,234.5) for this source in report.yaml.',
      },
      expect.objectContaining({ code: 'number-ambiguous', at: 'kpis.txt › kpis › C3', message: expect.stringContaining('"1,234" could be 1,234 or 1.234') }),
    ]);
    expect(texts(g).map((r) => r[2])).toEqual(['Mar-25', '18.260', '1,234', '12']);
  });

  it('mentions semicolons in an ambiguous file, but does not decide on them', () => {
    const g = read('ID;Value\nA;1.036\n');
    expect(g.notes).toEqual([expect.objectContaining({ code: 'number-ambiguous', message: expect.stringContaining('semicolons suggest') })]);
    expect(texts(g)[1]).toEqual(['A', '1.036']);
  });

  it('takes the number style from `locale` when it is set', () => {
    const text = 'ID\tValue\tOther\nA\t18.260\t41,8\nB\t1,234\t41.8\n';
    const eu = read(text, 'kpis.txt', 'eu');
    const en = read(text, 'kpis.txt', 'en');
    expect([value(eu, 1, 1), value(eu, 1, 2), value(eu, 2, 1)]).toEqual([18260, 41.8, 1.234]);
    expect([value(en, 1, 1), value(en, 2, 1), value(en, 2, 2)]).toEqual([18.26, 1234, 41.8]);
    expect(codes(eu)).toEqual(['number-style']);
    expect(eu.notes![0]!.message).toContain('report.yaml sets `locale: eu`');
    expect(codes(en)).toEqual([]);
    // A figure the set style cannot read is left for the cell parser to report.
    expect(texts(en)[1]![2]).toBe('41,8');
    expect(texts(eu)[2]![2]).toBe('41.8');
  });

  it('leaves headings, IDs and dates alone', () => {
    const g = read('ID;Measure;2019/20;Q1 18-19;Apr-24;31.03.2025;2024\nCSC 004i;NI 62;41,8;2018-19;Apr-24;31.03.2025;7\n');
    expect(texts(g)).toEqual([
      ['ID', 'Measure', '2019/20', 'Q1 18-19', 'Apr-24', '31.03.2025', '2024'],
      ['CSC 004i', 'NI 62', '41.8', '2018-19', 'Apr-24', '31.03.2025', '7'],
    ]);
  });

  it('keeps dotted IDs in a file with decimal commas, and says the file mixes styles', () => {
    const text = 'ID;Value;Count;Rate\n1.10;41,8;1.036;0,5\n1.11;42,5;2;0,7\n1.12;43,0;3;0,9\n';
    const g = read(text);
    expect(texts(g).map((r) => [r[0], r[1]])).toEqual([
      ['ID', 'Value'],
      ['1.10', '41.8'],
      ['1.11', '42.5'],
      ['1.12', '43.0'],
    ]);
    expect(codes(g)).toEqual(['number-style', 'number-style-mixed']);
    expect(g.notes![1]).toMatchObject({
      severity: 'warning',
      at: 'kpis.csv › kpis › A2',
      message: expect.stringContaining('3 have a decimal point, such as "1.10"'),
    });
    // Each column votes once: two columns of decimal commas outvote one of IDs, so `1.036` is 1036.
    expect(value(g, 1, 2)).toBe(1036);
    const even = read('ID;Value;Count\n1.10;41,8;1.036\n1.11;42,5;2\n');
    expect(codes(even)).toEqual(['number-style-mixed', 'number-ambiguous']);
    expect(even.notes![1]).toMatchObject({ severity: 'error', at: 'kpis.csv › kpis › C2' });
    const eu = read(text, 'kpis.csv', 'eu');
    expect(codes(eu)).toEqual(['number-style']);
    expect([texts(eu)[1]![0], value(eu, 1, 2)]).toEqual(['1.10', 1036]);
  });

  it('reads the published text export and the tidy CSVs exactly as written', () => {
    const monthly = readText(readFileSync(join(examplesDir, 'monthly-scorecard-2024-25.txt')), 'monthly.txt', 'Scorecard');
    expect(monthly.notes).toEqual([]);
    expect(monthly.rows.length).toBe(150);
    expect(texts(monthly).flat()).toEqual(expect.arrayContaining(['1,036', '100.8r', '67% (4)', 'Apr-24']));
    const dir = join(repoDir, 'tests/fixtures/tidy-csv');
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, name));
      const g = readText(bytes, name, name);
      expect(g.notes).toEqual([]);
      expect(g.rows.length).toBe(bytes.toString('utf8').trimEnd().split('\n').length);
    }
  });
});

describe('readText: the same figures in either style read the same', () => {
  interface Figure {
    negative: boolean;
    whole: number;
    fraction: string;
    grouped: boolean;
    space: string;
    percent: boolean;
  }
  const figure: fc.Arbitrary<Figure> = fc.record({
    negative: fc.boolean(),
    whole: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99_999_999 })),
    fraction: fc.stringMatching(/^\d{0,4}$/),
    grouped: fc.boolean(),
    space: fc.constantFrom('.', ' ', '\u00a0', '\u202f'),
    percent: fc.boolean(),
  });
  const table = fc.array(fc.array(figure, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });
  /** Spreadsheets write every row as wide as the table; some exports drop the empty fields at the end. */
  const padded = fc.boolean();

  const group = (whole: number, sep: string) => String(whole).replace(/\B(?=(\d{3})+$)/g, sep);
  const write = (f: Figure, style: 'en' | 'eu') => {
    const whole = f.grouped ? group(f.whole, style === 'en' ? ',' : f.space) : String(f.whole);
    return `${f.negative ? '-' : ''}${whole}${f.fraction === '' ? '' : (style === 'en' ? '.' : ',') + f.fraction}${f.percent ? '%' : ''}`;
  };
  const quote = (s: string, delimiter: string) => (s.includes(delimiter) ? `"${s}"` : s);
  const csv = (rows: Figure[][], style: 'en' | 'eu', pad: boolean) => {
    const d = style === 'en' ? ',' : ';';
    const width = Math.max(...rows.map((r) => r.length));
    const header = ['ID', ...Array.from({ length: width }, (_, i) => `Month ${i + 1}`)].join(d);
    const line = (r: Figure[], i: number) =>
      [`A${i + 1}`, ...r.map((f) => quote(write(f, style), d)), ...Array<string>(pad ? width - r.length : 0).fill('')].join(d);
    return `${header}\n${rows.map(line).join('\n')}\n`;
  };
  const expected = (f: Figure) => (f.negative ? -1 : 1) * Number(`${f.whole}.${f.fraction || '0'}`) + 0;
  const values = (g: Grid, rows: Figure[][]) => rows.map((r, i) => r.map((_, c) => (parseCell(g.rows[i + 1]?.[c + 1]).value ?? Number.NaN) + 0));

  it('with the style set, both read back to the figures written', () => {
    fc.assert(
      fc.property(table, padded, (rows, pad) => {
        const want = rows.map((r) => r.map(expected));
        expect(values(read(csv(rows, 'en', pad), 'kpis.csv', 'en'), rows)).toEqual(want);
        expect(values(read(csv(rows, 'eu', pad), 'kpis.csv', 'eu'), rows)).toEqual(want);
      }),
    );
  });

  it('found from the file, every figure reads right or is an error naming its cell', () => {
    fc.assert(
      fc.property(table, padded, (rows, pad) => {
        const want = rows.map((r) => r.map(expected));
        const decisive = rows.flat().some((f) => f.fraction.length > 0 && f.fraction.length !== 3);
        for (const style of ['en', 'eu'] as const) {
          const g = read(csv(rows, style, pad));
          const flagged = new Set((g.notes ?? []).filter((n) => n.code === 'number-ambiguous').map((n) => n.at));
          if (decisive) expect(flagged.size).toBe(0);
          values(g, rows).forEach((row, r) => {
            row.forEach((v, c) => {
              if (!flagged.has(`kpis.csv › kpis › ${String.fromCharCode(66 + c)}${r + 2}`)) expect(v).toBe(want[r]![c]);
            });
          });
        }
      }),
    );
  });
});

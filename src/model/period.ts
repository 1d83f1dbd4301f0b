import { z } from 'zod';

/**
 * Periods as councils label them. Financial years run April to March, so `Qu 1 18-19` is
 * April–June 2018 and `Yr. end 17-18` ends in March 2018. Every period is reduced to the month it
 * ends in, which gives one ordering across months, quarters and years.
 */
/** `part-year`: a year-to-date column (`YTD`, `Year to date 2019/20`), never compared with a whole year. */
export const PeriodKind = z.enum(['month', 'quarter', 'year', 'part-year']);
export type PeriodKind = z.infer<typeof PeriodKind>;

export const Period = z.object({
  /** Stable id: `2025-03` (month), `FY2024-25-Q4` (quarter), `FY2024-25` (year). */
  id: z.string(),
  kind: PeriodKind,
  /** The label as the workbook wrote it. */
  label: z.string(),
  /** Months since year 0 of the period's last month, times 4, plus the kind's rank. */
  order: z.number().int(),
  /** First and last month, `YYYY-MM`. */
  start: z.string(),
  end: z.string(),
});
export type Period = z.infer<typeof Period>;

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const KIND_RANK: Record<PeriodKind, number> = { month: 0, quarter: 1, 'part-year': 2, year: 3 };

/** A label with no year of its own (`May`, `Sept`): the reader supplies the year from context. */
export interface BareMonth {
  bareMonth: number;
  label: string;
}

/** A quarter with no year of its own (`Q1`, `Qtr 2`): dated like a bare month. */
export interface BareQuarter {
  bareQuarter: number;
  label: string;
}

export function monthPeriod(year: number, month: number, label?: string): Period {
  const ym = fmtYm(year, month);
  return {
    id: ym,
    kind: 'month',
    label: label ?? `${MONTH_NAMES[month - 1]!.slice(0, 3)}-${String(year % 100).padStart(2, '0')}`,
    order: orderOf(year, month, 'month'),
    start: ym,
    end: ym,
  };
}

/** `fyStart` is the calendar year the financial year starts in (2024 for 2024/25). */
export function quarterPeriod(fyStart: number, quarter: number, label?: string): Period {
  const startMonth = 4 + (quarter - 1) * 3;
  const [sy, sm] = normYm(fyStart, startMonth);
  const [ey, em] = normYm(fyStart, startMonth + 2);
  return {
    id: `${fyId(fyStart)}-Q${quarter}`,
    kind: 'quarter',
    label: label ?? `${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')} Q${quarter}`,
    order: orderOf(ey, em, 'quarter'),
    start: fmtYm(sy, sm),
    end: fmtYm(ey, em),
  };
}

/** The year to date of financial year `fyStart`, ordered just before the whole year. */
export function partYearPeriod(fyStart: number, label?: string): Period {
  const year = yearPeriod(fyStart);
  return { ...year, id: `${year.id}-YTD`, kind: 'part-year', label: label ?? `${year.label} year to date`, order: year.order - 1 };
}

export function yearPeriod(fyStart: number, label?: string): Period {
  return {
    id: fyId(fyStart),
    kind: 'year',
    label: label ?? `${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')}`,
    order: orderOf(fyStart + 1, 3, 'year'),
    start: fmtYm(fyStart, 4),
    end: fmtYm(fyStart + 1, 3),
  };
}

/** The financial year (its starting calendar year) that a month falls in. */
export const financialYearOf = (year: number, month: number): number => (month >= 4 ? year : year - 1);

/** Labels already parsed: a pack words every indicator's periods, and a sheet repeats its headings. */
const parsed = new Map<string, Period | BareMonth | BareQuarter | null>();

/** Parses a period label; a bare month or quarter comes back bare for the caller to date. */
export function parsePeriodLabel(input: string): Period | BareMonth | BareQuarter | null {
  // Most text tried is not a period (every title is tried as a heading, in pieces): refused at once.
  if (!mayBePeriod(input)) return null;
  let result = parsed.get(input);
  if (result === undefined) {
    result = readPeriodLabel(input);
    // Frozen, as every caller shares it; bounded, as labels in a hostile sheet are endless.
    if (result) Object.freeze(result);
    if (parsed.size < 10_000) parsed.set(input, result);
  }
  return result;
}

/**
 * The words a period label can start with when it does not start with a digit: a month, a quarter,
 * a year end or a financial year. Every pattern of readPeriodLabel starts with one of them.
 */
const LEADING_WORDS = new Set([...Object.keys(MONTHS), 'q', 'qu', 'qtr', 'quarter', 'fy', 'yr', 'yrend', 'year', 'yearend']);
const LEAD = /^\s*([a-z]*)/i;
const DIGIT_FIRST = /^\s*\d/;

/** False when `text` cannot be a period label: it starts with neither a digit nor a period's word. */
export function mayBePeriod(text: string): boolean {
  const lead = LEAD.exec(text)![1]!.toLowerCase();
  return lead === '' ? DIGIT_FIRST.test(text) : LEADING_WORDS.has(lead);
}

function readPeriodLabel(input: string): Period | BareMonth | BareQuarter | null {
  const label = input.trim();
  const s = label.toLowerCase().replace(/\s+/g, ' ');
  let m: RegExpMatchArray | null;

  // 2025-03
  // 2025-03; `2011-12` is read as the financial year 2011/12, as councils write it.
  if ((m = s.match(/^(\d{4})-(\d{1,2})$/)) && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[2]) !== (Number(m[1]) + 1) % 100) {
    return monthPeriod(Number(m[1]), Number(m[2]), label);
  }
  // 31/03/2025 or 2025-03-31: a date stands for its month.
  if ((m = s.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    return monthPeriod(Number(m[3]), Number(m[2]), label);
  }
  if ((m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    return monthPeriod(Number(m[1]), Number(m[2]), label);
  }
  // Mar-25, Mar 25, Mar-2025, March 2025, Sept 2016, mar/25
  if ((m = s.match(/^([a-z]+)\.?[\s\-/']*(\d{2}|\d{4})$/)) && MONTHS[m[1]!] !== undefined) {
    return monthPeriod(fullYear(m[2]!), MONTHS[m[1]!]!, label);
  }
  // May, Sept
  if ((m = s.match(/^([a-z]+)\.?$/)) && MONTHS[m[1]!] !== undefined) {
    return { bareMonth: MONTHS[m[1]!]!, label };
  }
  // Apr-Jun 2024, Jul - Sep 24, Jan-Mar: a quarter written as its months
  if ((m = s.match(/^([a-z]+)\.?\s*(?:-|–|to)\s*([a-z]+)\.?(?:[\s\-/']*(\d{2}|\d{4}))?$/)) && MONTHS[m[1]!] !== undefined && MONTHS[m[2]!] !== undefined) {
    const first = MONTHS[m[1]!]!;
    const last = MONTHS[m[2]!]!;
    if ((last - first + 12) % 12 === 2 && (first - 4 + 12) % 3 === 0) {
      const quarter = ((first - 4 + 12) % 12) / 3 + 1;
      if (m[3] === undefined) return { bareQuarter: quarter, label };
      return quarterPeriod(financialYearOf(fullYear(m[3]), last), quarter, label);
    }
  }
  // Q1, Qtr 2, Quarter 3
  if ((m = s.match(/^(?:q|qu|qtr|quarter)\.?\s*([1-4])$/))) return { bareQuarter: Number(m[1]), label };
  const fy = String.raw`(\d{4}|\d{2})\s*[-/]\s*(\d{2}|\d{4})`;
  // 2024/25 Q4, 2019/20 Q2
  if ((m = s.match(new RegExp(`^(?:fy\\s*)?${fy}\\s*(?:q|qu|qtr|quarter)\\.?\\s*([1-4])$`)))) {
    const start = fyStartOf(m[1]!, m[2]!);
    return start === null ? null : quarterPeriod(start, Number(m[3]), label);
  }
  // Qu 1 18-19, Q2 2018-19, Quarter 3 2018/19
  if ((m = s.match(new RegExp(`^(?:q|qu|qtr|quarter)\\.?\\s*([1-4])\\s*(?:of\\s*)?(?:fy\\s*)?${fy}$`)))) {
    const start = fyStartOf(m[2]!, m[3]!);
    return start === null ? null : quarterPeriod(start, Number(m[1]), label);
  }
  // Yr. end 17-18, Year end 2017/18, 2016/17, FY 2016-17
  if ((m = s.match(new RegExp(`^(?:(?:yr|year)\\.?\\s*end\\s*|fy\\s*|year\\s*)?${fy}$`)))) {
    const start = fyStartOf(m[1]!, m[2]!);
    return start === null ? null : yearPeriod(start, label);
  }
  return null;
}

/** Gives a bare month its year: the one that puts it in financial year `fyStart`. */
export function dateBareMonth(bare: BareMonth, fyStart: number): Period {
  return monthPeriod(bare.bareMonth >= 4 ? fyStart : fyStart + 1, bare.bareMonth, bare.label);
}

/** Dates a bare month or quarter in financial year `fyStart`. */
export const dateBare = (bare: BareMonth | BareQuarter, fyStart: number): Period =>
  'bareMonth' in bare ? dateBareMonth(bare, fyStart) : quarterPeriod(fyStart, bare.bareQuarter, bare.label);

/** The month a date stands for (`31/03/2025`, a cell formatted `mmm-yy`), labelled as the sheet shows it. */
export const periodOfDate = (year: number, month: number, label: string): Period => monthPeriod(year, month, label);

/** The same period a century later: `Jan-30` beside `Dec-29` is 2030, not 1930. */
export function nextCentury(p: Period): Period {
  const [y, m] = p.end.split('-').map(Number) as [number, number];
  if (p.kind === 'month') return monthPeriod(y + 100, m, p.label);
  const fy = financialYearOf(y, m) + 100;
  if (p.kind === 'quarter') return quarterPeriod(fy, Number(p.id.slice(-1)), p.label);
  return p.kind === 'year' ? yearPeriod(fy, p.label) : partYearPeriod(fy, p.label);
}

/** Finds a period by id or by the label as written (case and spacing ignored). */
export function findPeriod(periods: readonly Period[], key: string): Period | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const byId = periods.find((p) => p.id === key);
  if (byId) return byId;
  const byLabel = periods.find((p) => norm(p.label) === norm(key));
  if (byLabel) return byLabel;
  const parsed = parsePeriodLabel(key);
  return parsed && 'id' in parsed ? periods.find((p) => p.id === parsed.id) : undefined;
}

/** The period twelve months before, of the same kind. */
export function samePeriodLastYear(p: Period): Period {
  const [y, mo] = p.end.split('-').map(Number) as [number, number];
  if (p.kind === 'month') return monthPeriod(y - 1, mo);
  const fy = financialYearOf(y, mo) - 1;
  return p.kind === 'quarter' ? quarterPeriod(fy, Number(p.id.slice(-1))) : yearPeriod(fy);
}

function orderOf(year: number, month: number, kind: PeriodKind): number {
  return (year * 12 + (month - 1)) * 4 + KIND_RANK[kind];
}

/** Two-digit years follow Excel's rule: 00–29 are 2000–2029, 30–99 are 1930–1999. */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 4 ? n : n < 30 ? 2000 + n : 1900 + n;
}

/** `18`/`19`, `2018`/`19`, `2018`/`2019` → 2018; null when the two years do not follow on. */
function fyStartOf(a: string, b: string): number | null {
  const start = fullYear(a);
  const end = b.length === 4 ? Number(b) : Math.floor(start / 100) * 100 + Number(b) + (Number(b) < start % 100 ? 100 : 0);
  return end === start + 1 ? start : null;
}

function fyId(fyStart: number): string {
  return `FY${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')}`;
}

function normYm(year: number, month: number): [number, number] {
  return [year + Math.floor((month - 1) / 12), ((month - 1) % 12) + 1];
}

function fmtYm(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

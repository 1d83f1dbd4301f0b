import fc from 'fast-check';

/**
 * The abstract scorecard: what a committee pack is about, before anyone types it into a
 * spreadsheet. Layouts (layouts.ts) write one of these in many shapes; the corpus test reads each
 * shape back and expects this scorecard again.
 */

export type Frequency = 'month' | 'quarter';
export type Unit = '%' | 'count';
export type Polarity = 'higher' | 'lower';
export type Marker = 'NYC' | '-' | 'suppressed' | 'N/A';
export type IdStyle = 'numeric' | 'dotted' | 'prefixed';
/** How a workbook words its statuses; one vocabulary per workbook, as councils keep them. */
export type Vocabulary = 'words' | 'letters' | 'phrases';
export type Rating = 'green' | 'amber' | 'red' | 'blue' | 'none';

export interface YearMonth {
  year: number;
  /** 1–12 */
  month: number;
}

export interface CorpusPeriod {
  /** boardpack's period id: `2024-04` for a month, `FY2024-25-Q1` for a quarter. */
  id: string;
  frequency: Frequency;
  start: YearMonth;
  end: YearMonth;
  /** The financial year it belongs to, by its first calendar year (2024 for 2024/25). */
  fyStart: number;
  quarter: number | null;
}

export type CorpusValue = { kind: 'number'; value: number } | { kind: 'marker'; text: Marker } | { kind: 'blank' };

export interface CorpusIndicator {
  /** Every indicator has one; whether a layout shows it is the layout's business. */
  id: string;
  title: string;
  unit: Unit;
  decimals: number;
  polarity: Polarity | null;
  /** The target as the sheet shows it (`90%`, `<20%`, `Monitor`), or none. */
  target: string | null;
  /** One per period of the scorecard, oldest first. */
  values: CorpusValue[];
  /** The published status per period, in the scorecard's vocabulary; null where none is given. */
  statuses: Array<string | null>;
  commentary: string | null;
  lead: string | null;
}

export interface CorpusSection {
  title: string;
  indicators: CorpusIndicator[];
}

export interface CorpusScorecard {
  frequency: Frequency;
  periods: CorpusPeriod[];
  sections: CorpusSection[];
  idStyle: IdStyle;
  /** "IDs or none": whether layouts that may leave IDs out show them. */
  showIds: boolean;
  vocabulary: Vocabulary;
  /** One more indicator, unique like the others, for layouts that need one the reader must not see (a withdrawn row). */
  spare: CorpusIndicator;
  /** Drives a layout's incidental choices (title row, blank rows, column order, cell styles). */
  seed: number;
}

export interface ScorecardOptions {
  frequency?: Frequency;
  idStyles?: readonly IdStyle[];
  /** At least one title with `£`, `–` or `’` (for text exports in a legacy encoding). */
  specialTitle?: boolean;
  /** At least this many sections: a workbook of one sheet per section has more than one. */
  minSections?: number;
}

export const MARKER_STATUS: Record<Marker, string> = {
  NYC: 'not-collected',
  '-': 'missing',
  suppressed: 'suppressed',
  'N/A': 'not-applicable',
};

/** What each published status means, decided here and not by the reader under test. */
export const RATING_OF_STATUS: Record<string, Rating> = {
  Green: 'green',
  Amber: 'amber',
  Red: 'red',
  Blue: 'blue',
  'For info only': 'none',
  G: 'green',
  A: 'amber',
  R: 'red',
  'On target': 'green',
  'Close to target': 'amber',
  'Off target': 'red',
};

const STATUS_WORDS: Record<Vocabulary, Partial<Record<Rating, string>>> = {
  words: { green: 'Green', amber: 'Amber', red: 'Red', blue: 'Blue', none: 'For info only' },
  letters: { green: 'G', amber: 'A', red: 'R' },
  phrases: { green: 'On target', amber: 'Close to target', red: 'Off target', none: 'For info only' },
};

export const SECTION_TITLES = [
  'Early Help',
  'Front Door',
  'Children in Care',
  'Care Leavers',
  'Adult Social Care',
  'Safeguarding',
  'Fostering and Adoption',
  'Education and Skills',
  'Youth Justice',
  'Special Educational Needs',
  'Public Health',
  'Housing Options',
  'Quality Assurance',
  'Workforce',
  'Children with Disabilities',
  'Corporate Parenting',
  'Prevention and Support',
  'Child Protection',
  'Short Breaks',
  'Homelessness Prevention',
] as const;

const SUBJECTS = [
  'single assessments',
  'referrals',
  'contacts',
  'child protection conferences',
  'care leavers',
  'children in care',
  'Early Help assessments',
  'initial health assessments',
  'review health assessments',
  'strategy discussions',
  'return home interviews',
  'EHC plans',
  'case audits',
  'foster carer reviews',
  'adults with a learning disability',
  'carers assessments',
  'new birth visits',
  'households',
  'complaints',
  'pathway plans',
  'home visits',
  'children with a child protection plan',
  'young people',
  'safeguarding enquiries',
];
const PERCENT_QUALIFIERS = [
  'completed within 45 working days',
  'held within 48 hours of referral',
  'seen within 5 working days',
  'reviewed within timescale',
  'closed with no further action',
  'graded good or better',
  'leading to a referral',
  'in suitable accommodation',
  'in education, employment or training',
  'issued within 20 weeks',
  'with a plan in place',
  'offered within 72 hours',
  'responded to on time',
  're-referred within 12 months',
];
const COUNT_QUALIFIERS = ['', 'received', 'started', 'completed', 'open at month end', 'awaiting allocation', 'placed out of area'];
const DAYS_QUALIFIERS = [
  'from referral to assessment',
  'between placement moves',
  'to complete an EHC plan',
  'in temporary accommodation',
  'from contact to decision',
];
const SUFFIXES = ['', '', '', ' (in month)', ' (year to date)', ' (rolling 12 months)', ' (cumulative)'];
/** Titles with characters outside ASCII that Windows-1252 holds; no ASCII title can equal one. */
const SPECIAL_TITLES: Array<{ title: string; unit: Unit; decimals: number }> = [
  { title: 'Spend per child (£) – monthly', unit: 'count', decimals: 0 },
  { title: 'Children’s centre registrations', unit: 'count', decimals: 0 },
  { title: 'Average weekly placement cost (£)', unit: 'count', decimals: 2 },
  { title: 'Cost of agency social workers (£000s) – year to date', unit: 'count', decimals: 1 },
  { title: 'Care leavers’ pathway plans reviewed on time', unit: '%', decimals: 1 },
  { title: 'Young people’s views recorded in their plan – quarterly', unit: '%', decimals: 0 },
];

const LEADS = ['Naomi Banks', 'Jacquie Sims', 'Yvonne Coates', 'Martin Graham', 'Anita Traynor', 'Priya Shah', 'Tom Hughes', 'Sarah Okafor'];
const OPENINGS = [
  'Performance has improved this month',
  'Performance dipped slightly',
  'The figure remains below target',
  'Timeliness is recovering',
  'Demand has risen sharply',
  'Performance is stable',
];
const REASONS = [
  'following the recruitment of two experienced social workers',
  'because of staff absence over the summer',
  'as the new recording system beds in',
  'after a review of thresholds with partner agencies',
  'while a backlog of cases is cleared',
  'and is expected to improve next quarter',
];
const FOLLOW_UPS = ['', '', ' Managers are reviewing every case weekly.', ' A recovery plan is in place.', ' Figures will be validated at year end.'];

interface TitleDraft {
  title: string;
  unit: Unit;
  decimals: number;
  /** Set when the wording itself says which way is better (`Increase …`, `Reduce …`). */
  polarity?: Polarity;
}

const titleDraft: fc.Arbitrary<TitleDraft> = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom('Percentage of', '% of', 'Proportion of'),
          fc.constantFrom(...SUBJECTS),
          fc.constantFrom(...PERCENT_QUALIFIERS),
          fc.constantFrom(...SUFFIXES),
          fc.integer({ min: 0, max: 2 }),
        )
        .map(([lead, subject, qualifier, suffix, decimals]): TitleDraft => ({ title: `${lead} ${subject} ${qualifier}${suffix}`, unit: '%', decimals })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom(...SUBJECTS), fc.constantFrom(...COUNT_QUALIFIERS), fc.constantFrom(...SUFFIXES)).map(
        ([subject, qualifier, suffix]): TitleDraft => ({
          title: `Number of ${subject}${qualifier ? ` ${qualifier}` : ''}${suffix}`,
          unit: 'count',
          decimals: 0,
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...DAYS_QUALIFIERS), fc.constantFrom(...SUFFIXES))
        .map(([qualifier, suffix]): TitleDraft => ({ title: `Average number of days ${qualifier}${suffix}`, unit: 'count', decimals: 1 })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...SUBJECTS), fc.constantFrom(...SUFFIXES))
        .map(([subject, suffix]): TitleDraft => ({ title: `Rate of ${subject} per 10,000 children${suffix}`, unit: 'count', decimals: 1 })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom<Polarity>('higher', 'lower'),
          fc.boolean(),
          fc.constantFrom(...SUBJECTS),
          fc.constantFrom(...COUNT_QUALIFIERS),
          fc.constantFrom(...PERCENT_QUALIFIERS),
        )
        .map(([polarity, percent, subject, countQualifier, percentQualifier]): TitleDraft => {
          const verb = polarity === 'higher' ? 'Increase' : 'Reduce';
          return percent
            ? { title: `${verb} the percentage of ${subject} ${percentQualifier}`, unit: '%', decimals: 1, polarity }
            : { title: `${verb} the number of ${subject}${countQualifier ? ` ${countQualifier}` : ''}`, unit: 'count', decimals: 0, polarity };
        }),
    },
  )
  .filter((d) => d.title.length >= 20 && d.title.length <= 90);

const specialDraft: fc.Arbitrary<TitleDraft> = fc.constantFrom(...SPECIAL_TITLES);

/** Targets that agree with the polarity: a council does not set `<20%` for a higher-is-better measure. */
function targetArb(unit: Unit, polarity: Polarity | null): fc.Arbitrary<string | null> {
  const choices: Record<Unit, Record<'higher' | 'lower' | 'none', string[]>> = {
    '%': {
      higher: ['90%', '85.0%', '>50%', '80%+', '95%', '75%', '60.0%'],
      lower: ['<20%', 'below 10%', 'Below 8%', '15%', '<5%', '12.5%'],
      none: ['Monitor', '90-95%', 'Monitor'],
    },
    count: {
      higher: ['240', '>1,000', '50', '12.5'],
      lower: ['<60', 'below 50', '0', '6 per month', '35'],
      none: ['Monitor', '105-135', '260-300'],
    },
  };
  return fc.option(fc.constantFrom(...choices[unit][polarity ?? 'none']), { freq: 5 });
}

/** A random walk, so a series looks like one indicator's months and not noise. */
function seriesArb(n: number, unit: Unit, decimals: number): fc.Arbitrary<number[]> {
  const scale = 10 ** decimals;
  const [lo, hi] = unit === '%' ? [0, 100 * scale] : [0, (decimals > 0 ? 300 : 2500) * scale];
  const spread = Math.max(1, Math.round((hi - lo) / 15));
  return fc
    .tuple(fc.integer({ min: lo, max: hi }), fc.array(fc.integer({ min: -spread, max: spread }), { minLength: n, maxLength: n }))
    .map(([base, steps]) => {
      let x = base;
      return steps.map((s) => {
        x = Math.min(hi, Math.max(lo, x + s));
        return x / scale;
      });
    });
}

const markerArb = fc.constantFrom<Marker>('NYC', '-', 'suppressed', 'N/A');

/** The latest period is mostly filled, so the reporting period is the last one. */
function cellKindsArb(n: number): fc.Arbitrary<Array<'number' | 'marker' | 'blank'>> {
  const kind = (filled: number) =>
    fc.oneof(
      { weight: filled, arbitrary: fc.constant('number' as const) },
      { weight: 7, arbitrary: fc.constant('marker' as const) },
      { weight: 5, arbitrary: fc.constant('blank' as const) },
    );
  return fc.tuple(fc.array(kind(88), { minLength: n - 1, maxLength: n - 1 }), kind(300)).map(([head, last]) => [...head, last]);
}

const commentaryArb = fc
  .tuple(fc.constantFrom(...OPENINGS), fc.constantFrom(...REASONS), fc.constantFrom(...FOLLOW_UPS))
  .map(([opening, reason, followUp]) => `${opening} ${reason}.${followUp}`);

/**
 * The rating a council would publish for a figure against a target: met is green (sometimes blue
 * when well beyond it), within 10% amber, else red; null where the target gives no rule.
 */
export function judge(value: number, target: string, polarity: Polarity | null): Rating | null {
  const num = (t: string) => Number(t.replace(/,/g, ''));
  const figure = String.raw`(\d[\d,]*(?:\.\d+)?)%?`;
  let m: RegExpMatchArray | null;
  let goal: { min: number } | { max: number } | { lo: number; hi: number } | null = null;
  if ((m = target.match(new RegExp(`^(?:>${figure}|${figure}\\+)$`)))) goal = { min: num(m[1] ?? m[2]!) };
  else if ((m = target.match(new RegExp(`^(?:<|below )${figure}$`, 'i')))) goal = { max: num(m[1]!) };
  else if ((m = target.match(new RegExp(`^${figure}-${figure}$`)))) goal = { lo: num(m[1]!), hi: num(m[2]!) };
  else if ((m = target.match(new RegExp(`^${figure}$`))) && polarity) goal = polarity === 'higher' ? { min: num(m[1]!) } : { max: num(m[1]!) };
  if (!goal) return null;
  const [lo, hi] = 'min' in goal ? [goal.min, Infinity] : 'max' in goal ? [-Infinity, goal.max] : [goal.lo, goal.hi];
  if (value >= lo && value <= hi) return ('min' in goal && value > goal.min * 1.1) || ('max' in goal && value < goal.max * 0.5) ? 'blue' : 'green';
  const edge = value < lo ? lo : hi;
  return Math.abs(value - edge) <= Math.abs(edge) * 0.1 ? 'amber' : 'red';
}

function statusesArb(values: CorpusValue[], target: string | null, polarity: Polarity | null, vocabulary: Vocabulary): fc.Arbitrary<Array<string | null>> {
  const words = STATUS_WORDS[vocabulary];
  const rated = target !== null && target !== 'Monitor';
  const guess: fc.Arbitrary<Rating> = rated ? fc.constantFrom<Rating>('green', 'green', 'amber', 'red') : fc.constant<Rating>('none');
  // Mostly the rating the figure earns; now and then a slip, as in any hand-kept workbook.
  const perPeriod = fc.array(fc.tuple(guess, fc.integer({ min: 0, max: 9 })), { minLength: values.length, maxLength: values.length });
  return fc.option(perPeriod, { freq: 5 }).map((draws) =>
    values.map((v, i) => {
      const draw = draws?.[i];
      if (!draw || v.kind !== 'number') return null;
      const earned = rated ? judge(v.value, target, polarity) : 'none';
      const r = earned === null || draw[1] === 0 ? draw[0] : earned;
      return words[r] ?? (r === 'blue' ? words.green! : null);
    }),
  );
}

function indicatorBody(draft: TitleDraft, n: number, vocabulary: Vocabulary): fc.Arbitrary<Omit<CorpusIndicator, 'id'>> {
  const polarity: fc.Arbitrary<Polarity | null> = draft.polarity
    ? fc.constant(draft.polarity)
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant<Polarity>('higher') },
        { weight: 3, arbitrary: fc.constant<Polarity>('lower') },
        { weight: 3, arbitrary: fc.constant(null) },
      );
  return polarity.chain((pol) =>
    fc
      .record({
        target: targetArb(draft.unit, pol),
        numbers: seriesArb(n, draft.unit, draft.decimals),
        kinds: cellKindsArb(n),
        markers: fc.array(markerArb, { minLength: n, maxLength: n }),
        commentary: fc.option(commentaryArb, { freq: 2 }),
        lead: fc.option(fc.constantFrom(...LEADS), { freq: 3 }),
      })
      // A title with no figure and no target is, in a sheet without IDs, a section heading row.
      .filter((r) => r.target !== null || r.kinds.some((k) => k !== 'blank'))
      .chain((r) => {
        const values = r.kinds.map(
          (kind, i): CorpusValue => (kind === 'number' ? { kind, value: r.numbers[i]! } : kind === 'marker' ? { kind, text: r.markers[i]! } : { kind }),
        );
        return statusesArb(values, r.target, pol, vocabulary).map((statuses) => ({
          title: draft.title,
          unit: draft.unit,
          decimals: draft.decimals,
          polarity: pol,
          target: r.target,
          values,
          statuses,
          commentary: r.commentary,
          lead: r.lead,
        }));
      }),
  );
}

export function periodsOf(frequency: Frequency, startYear: number, startPart: number, n: number): CorpusPeriod[] {
  const pad = (x: number) => String(x).padStart(2, '0');
  return Array.from({ length: n }, (_, i) => {
    if (frequency === 'month') {
      const index = startYear * 12 + (startPart - 1) + i;
      const ym = { year: Math.floor(index / 12), month: (index % 12) + 1 };
      return { id: `${ym.year}-${pad(ym.month)}`, frequency, start: ym, end: ym, fyStart: ym.month >= 4 ? ym.year : ym.year - 1, quarter: null };
    }
    const q = startPart - 1 + i;
    const fyStart = startYear + Math.floor(q / 4);
    const quarter = (q % 4) + 1;
    const first = fyStart * 12 + 3 + (quarter - 1) * 3;
    const at = (index: number) => ({ year: Math.floor(index / 12), month: (index % 12) + 1 });
    return { id: `FY${fyStart}-${pad((fyStart + 1) % 100)}-Q${quarter}`, frequency, start: at(first), end: at(first + 2), fyStart, quarter };
  });
}

/** IDs in one of the styles councils use; strictly increasing, so unique by construction. */
function makeIds(style: IdStyle, sizes: number[], joins: boolean[], first: number, prefix: string): string[] {
  const ids: string[] = [];
  if (style === 'dotted') {
    sizes.forEach((size, s) => {
      for (let i = 0; i < size; i++) ids.push(`${s + 1}.${first + i}`);
    });
    return ids;
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  let n = first;
  for (let i = 0; i < total; ) {
    // A run of joined indicators shares a number with letters: 8a, 8b.
    let run = 1;
    while (i + run < total && joins[i + run] && run < 3) run++;
    for (let k = 0; k < run; k++) {
      const letter = run > 1 ? 'abc'[k]! : '';
      ids.push(style === 'numeric' ? `${n}${letter}` : `${prefix} ${String(n).padStart(3, '0')}${letter}`);
    }
    i += run;
    n++;
  }
  return ids;
}

export function scorecardArb(options: ScorecardOptions = {}): fc.Arbitrary<CorpusScorecard> {
  const shape = fc.record({
    frequency: options.frequency ? fc.constant(options.frequency) : fc.constantFrom<Frequency>('month', 'quarter'),
    periodCount: fc.integer({ min: 3, max: 12 }),
    startYear: fc.integer({ min: 2019, max: 2025 }),
    startPart: fc.integer({ min: 1, max: 12 }),
    sizes: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: options.minSections ?? 1, maxLength: 4 }),
    idStyle: fc.constantFrom<IdStyle>(...(options.idStyles ?? ['numeric', 'dotted', 'prefixed'])),
    showIds: fc.oneof({ weight: 7, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constant(false) }),
    vocabulary: fc.constantFrom<Vocabulary>('words', 'letters', 'phrases'),
    specials: fc.integer({ min: options.specialTitle ? 1 : 0, max: 1 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });
  return shape.chain((s) => {
    const startPart = s.frequency === 'month' ? s.startPart : ((s.startPart - 1) % 4) + 1;
    const periods = periodsOf(s.frequency, s.startYear, startPart, s.periodCount);
    const total = s.sizes.reduce((a, b) => a + b, 0) + 1;
    const body = (draft: TitleDraft) => indicatorBody(draft, periods.length, s.vocabulary);
    return fc
      .record({
        sectionTitles: fc.shuffledSubarray([...SECTION_TITLES], { minLength: s.sizes.length, maxLength: s.sizes.length }),
        ordinary: fc.uniqueArray(titleDraft.chain(body), {
          minLength: total - s.specials,
          maxLength: total - s.specials,
          selector: (i) => i.title.toLowerCase(),
        }),
        special: fc.uniqueArray(specialDraft.chain(body), { minLength: s.specials, maxLength: s.specials, selector: (i) => i.title }),
        specialAt: fc.nat({ max: total - 1 }),
        joins: fc.array(fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), {
          minLength: total + 1,
          maxLength: total + 1,
        }),
        firstId: fc.integer({ min: 1, max: 30 }),
        prefix: fc.constantFrom('CSC', 'NI', 'ASC', 'EH', 'KPI'),
      })
      .map((r): CorpusScorecard => {
        const bodies = [...r.ordinary];
        bodies.splice(Math.min(r.specialAt, bodies.length), 0, ...r.special);
        // The spare goes at the end of the ID sequence, as a row added later would.
        const ids = makeIds(
          s.idStyle,
          [...s.sizes.slice(0, -1), s.sizes.at(-1)! + 1],
          r.joins,
          s.idStyle === 'dotted' ? Math.min(r.firstId, 5) : r.firstId,
          r.prefix,
        );
        const indicators = bodies.map((b, i) => ({ id: ids[i]!, ...b }));
        let next = 0;
        const sections = s.sizes.map((size, k) => ({ title: r.sectionTitles[k]!, indicators: indicators.slice(next, (next += size)) }));
        return withSummary({
          frequency: s.frequency,
          periods,
          sections,
          idStyle: s.idStyle,
          showIds: s.showIds,
          vocabulary: s.vocabulary,
          spare: indicators[total - 1]!,
          seed: s.seed,
        });
      });
  });
}

export const allIndicators = (sc: CorpusScorecard): CorpusIndicator[] => sc.sections.flatMap((s) => s.indicators);

/** A one-line outline for fast-check's counterexample report; the seed and path replay the whole case. */
function withSummary(sc: CorpusScorecard): CorpusScorecard {
  const outline = () => {
    const p = sc.periods;
    const sections = sc.sections.map((s) => `${s.title} [${s.indicators.map((i) => i.id).join(', ')}]`).join('; ');
    return `Scorecard(${p.length} ${sc.frequency}s ${p[0]!.id}…${p.at(-1)!.id}; ${sections}; ids ${sc.idStyle}${sc.showIds ? '' : ' hidden'}; statuses ${sc.vocabulary}; seed ${sc.seed})`;
  };
  Object.defineProperty(sc, fc.toStringMethod, { value: outline, enumerable: false });
  return sc;
}

export const ratingOf = (status: string | null | undefined): Rating | null => (status ? (RATING_OF_STATUS[status] ?? null) : null);

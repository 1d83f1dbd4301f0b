import { textCache } from '../model/cache.js';
/** What a column holds. Metadata roles have built-in header aliases; periods are read from labels. */
export const META_ROLES = [
  'id',
  'title',
  'section',
  'polarity',
  'target',
  'tolerance',
  'lead',
  'unit',
  'decimals',
  'frequency',
  'cumulative',
  'commentary',
  'author',
  'rag',
  'direction',
  'period',
  'value',
  'numerator',
  'denominator',
  'note',
] as const;
export type MetaRole = (typeof META_ROLES)[number];

export type ColumnRole =
  | { role: MetaRole }
  | { role: 'benchmark'; name: string }
  | { role: 'attribute'; name: string }
  | { role: 'same-period-last-year' }
  /** `Actual` / `Target` / `RAG` down the rows: each indicator takes a row per part. */
  | { role: 'row-part' }
  | { role: 'unknown' };

/** Every spelling seen in real scorecards, lower-cased with punctuation folded to spaces. */
const ALIASES: Record<MetaRole, string[]> = {
  id: [
    'id',
    'ref',
    'ref no',
    'reference',
    'pi',
    'pi ref',
    'pi no',
    'pi number',
    'pi code',
    'kpi',
    'kpi ref',
    'kpi no',
    'kpi id',
    'indicator num',
    'indicator number',
    'indicator no',
    'indicator ref',
    'indicator id',
    'indicator code',
    'measure ref',
    'measure id',
    'code',
    'no',
    'num',
    'ni',
  ],
  title: [
    'measure',
    'measures',
    'key performance indicator',
    'key performance indicators',
    'performance indicators',
    'kpi measure',
    'indicator',
    'indicators',
    'indicator description',
    'indicator name',
    'indicator title',
    'description',
    'title',
    'kpi description',
    'kpi name',
    'kpi title',
    'performance indicator',
    'measure description',
    'measure name',
    'measure title',
    'name',
    'pi description',
    'pi title',
    'pi name',
    'metric',
    'performance measure',
  ],
  section: [
    'section',
    'sections',
    'theme',
    'themes',
    'service area',
    'priority area',
    'area',
    'category',
    'group',
    'service',
    'directorate',
    'department',
    'division',
    'priority',
    'objective',
    'strategic objective',
    'strategic priority',
    'portfolio',
    'outcome',
    'outcome area',
    'service group',
    'workstream',
    'programme',
    'pillar',
  ],
  polarity: [
    'polarity',
    'good to be',
    'what is best',
    'good is',
    'higher or lower is better',
    'high or low is good',
    'direction of improvement',
    'better if',
    'aim',
    'preferred direction',
    'is high good',
    'bigger or smaller',
    'good performance is',
    'good performance',
    'higher is better',
    'is higher better',
    'desired direction',
    'best is',
  ],
  target: ['target', 'targets', 'year end target', 'annual target', 'target value', 'current target', 'end of year target'],
  tolerance: ['tolerance', 'amber tolerance', 'tolerance band'],
  lead: [
    'lead',
    'lead officer',
    'lead for comments',
    'responsible officer',
    'accountable officer',
    'owner',
    'lead member',
    'officer',
    'contact',
    'responsible',
    'lead manager',
  ],
  unit: ['unit', 'units', 'measure of unit', 'unit of measure', 'unit of measurement', 'measure type', 'format'],
  decimals: ['decimals', 'decimal places', 'dp'],
  frequency: ['frequency', 'collected', 'reporting frequency', 'collection frequency', 'how often'],
  cumulative: ['cumulative', 'ytd', 'year to date', 'is cumulative'],
  commentary: [
    'comments',
    'comment',
    'commentary',
    'narrative',
    'officer comments',
    'officer commentary',
    'notes',
    'analysis',
    'performance commentary',
    'explanation',
  ],
  author: ['author', 'written by', 'by'],
  rag: ['rag', 'rag rating', 'rag status', 'status', 'performance against target', 'rating', 'rag rating against target'],
  direction: [
    'direction of travel',
    'dot',
    'dir of travel',
    'quarterly dir of travel',
    'monthly dir of travel',
    'trend',
    'trend from when last reported',
    'direction',
    'travel',
  ],
  period: ['period', 'month', 'quarter', 'date', 'reporting period'],
  value: ['value', 'actual', 'result', 'figure', 'outturn'],
  numerator: ['numerator', 'num', 'count'],
  denominator: ['denominator', 'den', 'denom', 'base'],
  note: ['note', 'data note', 'footnote'],
};

const BY_ALIAS = new Map<string, MetaRole>();
for (const role of META_ROLES) for (const alias of ALIASES[role]) if (!BY_ALIAS.has(alias)) BY_ALIAS.set(alias, role);

export const normHeader = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^a-z0-9&%]+/g, ' ')
    .trim();

const BENCHMARK =
  /\b(av|avg|average|averages|benchmark|benchmarks|neighbours?|neighbors?|national|england|regional|north east|north west|statistical|sn|comparator|median|quartile)\b/;
const ATTRIBUTE = /\b(priority|priorities|outcome|plan|portfolio|directorate|source|definition|collected by)\b/;

/** Headings already read: every cell of a wide sheet is read as a possible heading, twice. */
const recognised = textCache<ColumnRole>();

/** A heading that names a metadata column, a benchmark, or a kept attribute; `unknown` otherwise. */
export function recogniseHeader(text: string, layout: 'wide' | 'tidy'): ColumnRole {
  return recognised(`${layout} ${text}`, () => readHeader(text, layout));
}

function readHeader(text: string, layout: 'wide' | 'tidy'): ColumnRole {
  const n = normHeader(text);
  if (n === '') return { role: 'unknown' };
  const benchmarkPrefix = text.match(/^benchmark\s*[:\-–]\s*(.+)$/i);
  if (benchmarkPrefix) return { role: 'benchmark', name: benchmarkPrefix[1]!.trim() };
  const alias = BY_ALIAS.get(n);
  // In a wide sheet these words head period columns (`Actual`, `Num`) or are not columns of their own.
  const wideOnly: MetaRole[] = ['value', 'numerator', 'denominator', 'note', 'author', 'cumulative'];
  if (alias && (layout === 'tidy' || !wideOnly.includes(alias))) return { role: alias };
  if (layout === 'wide' && /same period last year/.test(n)) return { role: 'same-period-last-year' };
  if (layout === 'wide' && /^(year end |annual |current |end of year )?target\b/.test(n) && !/against/.test(n)) return { role: 'target' };
  if (BENCHMARK.test(n)) return { role: 'benchmark', name: text.trim() };
  if (ATTRIBUTE.test(n)) return { role: 'attribute', name: text.trim() };
  return { role: 'unknown' };
}

/** What a word in a period heading says the column holds: `Jun-24 Actual`, `Target 2025/26`, `Q1 RAG`. */
export type PeriodPart = 'value' | 'target' | 'status' | 'numerator' | 'denominator' | 'trend' | 'commentary';

const PART_WORDS: Record<string, PeriodPart | 'ytd' | 'filler'> = {
  actual: 'value',
  actuals: 'value',
  value: 'value',
  values: 'value',
  outturn: 'value',
  result: 'value',
  results: 'value',
  performance: 'value',
  perf: 'value',
  figure: 'value',
  figures: 'value',
  data: 'value',
  current: 'value',
  position: 'value',
  out: 'filler',
  turn: 'filler',
  score: 'value',
  provisional: 'value',
  final: 'value',
  target: 'target',
  targets: 'target',
  tgt: 'target',
  goal: 'target',
  goals: 'target',
  status: 'status',
  rag: 'status',
  rating: 'status',
  brag: 'status',
  traffic: 'status',
  light: 'status',
  dot: 'trend',
  direction: 'trend',
  travel: 'trend',
  trend: 'trend',
  num: 'numerator',
  numerator: 'numerator',
  den: 'denominator',
  denom: 'denominator',
  denominator: 'denominator',
  comment: 'commentary',
  comments: 'commentary',
  commentary: 'commentary',
  narrative: 'commentary',
  ytd: 'ytd',
  cumulative: 'ytd',
  cum: 'ytd',
  of: 'filler',
  to: 'filler',
  the: 'filler',
  year: 'filler',
  date: 'filler',
  and: 'filler',
  '&': 'filler',
  for: 'filler',
  period: 'filler',
  monthly: 'filler',
  quarterly: 'filler',
  annual: 'filler',
  month: 'filler',
  quarter: 'filler',
  against: 'filler',
  in: 'filler',
};
const PART_PRIORITY: PeriodPart[] = ['status', 'trend', 'commentary', 'numerator', 'denominator', 'target', 'value'];

/**
 * The words of a heading beside or above a period (`Actual`, `YTD Target`, `RAG status`, `Year to
 * date`): which part of the period the column holds, and whether it is the year to date. Null when
 * any word is not one of these, so `Last updated` is never taken for a figure.
 */
export function readPartWords(text: string): { part: PeriodPart | null; ytd: boolean } | null {
  const words = normHeader(text.replace(/[()[\]]/g, ' '))
    .split(' ')
    .filter((w) => w !== '');
  if (words.length === 0) return null;
  const kinds = words.map((w) => PART_WORDS[w]);
  if (kinds.some((k) => k === undefined)) return null;
  const n = ` ${words.join(' ')} `;
  const ytd = kinds.includes('ytd') || n.includes(' year to date ');
  // `Performance against target` is a rating, not a target.
  const part = words.includes('against') ? 'status' : (PART_PRIORITY.find((p) => kinds.includes(p)) ?? null);
  if (part === null && !ytd) return null;
  return { part, ytd };
}

const POLARITY_WORDS: Array<[RegExp, 'higher' | 'lower' | null]> = [
  [/^(high(er)?( is (good|better))?|bigger( is better)?|big|up|increase|maximi[sz]e|more|positive|\+|↑|▲)$/i, 'higher'],
  [/^(low(er)?( is (good|better))?|smaller( is better)?|small|down|decrease|reduce|minimi[sz]e|less|fewer|negative|-|↓|▼)$/i, 'lower'],
  [/^(n\/?a|none|neutral|no polarity|monitor|context|not applicable|either)?$/i, null],
];

/** `High is good`, `Bigger`, `Low` … → polarity; undefined when the words are not understood. */
export function parsePolarity(text: string): 'higher' | 'lower' | null | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  for (const [pattern, polarity] of POLARITY_WORDS) if (pattern.test(t)) return polarity;
  return undefined;
}

/** A title that starts `Increase …` or `Reduce …` says which way is better. */
export function polarityFromTitle(title: string): 'higher' | 'lower' | null {
  if (/^(increase|improve|raise|maximi[sz]e|grow|more)\b/i.test(title.trim())) return 'higher';
  if (/^(reduce|decrease|lower|minimi[sz]e|fewer|less|cut)\b/i.test(title.trim())) return 'lower';
  return null;
}

/**
 * The small lexicon of measures whose direction their wording gives away (README, "How indicators
 * are judged"). A title with words from both lists says nothing.
 */
const LOWER_WORDS =
  /\b(time taken|days? to|weeks? to|average (number of )?days|waiting|waits?\b|missed|repeat|re-?referrals?|sickness|overdue|delayed|delays?\b|backlog|out of timescale|late\b)/i;
const HIGHER_WORDS =
  /\b(within (the )?(timescales?|target|\d+ (working )?(days?|weeks?|hours?))|on time|in time|completed|satisf(ied|action)|good or outstanding|outstanding or good|timel(y|iness))/i;

export function polarityFromWording(title: string): 'higher' | 'lower' | null {
  const lower = LOWER_WORDS.test(title);
  const higher = HIGHER_WORDS.test(title);
  return lower === higher ? null : lower ? 'lower' : 'higher';
}

/** `%`, `Num`, `Per 10,000 pop` … → the unit boardpack formats by. */
export function normaliseUnit(text: string): string {
  const t = text.trim();
  const n = normHeader(t);
  if (n === '%' || /^(percent|percentage|pct|%)$/.test(n)) return '%';
  if (/^(num|number|no|count|#|numeric|n)$/.test(n)) return 'number';
  const per = t.match(/per\s*([\d,]+k?)/i);
  if (per) return `per ${per[1]!.replace(/k$/i, ',000')}`;
  if (/^(days?|weeks?|hours?|months?|years?)$/.test(n)) return n.endsWith('s') ? n : `${n}s`;
  if (/^(£|gbp|pounds?|currency|cost|money)$/.test(n) || t === '£') return '£';
  if (/^(ratio|rate)$/.test(n)) return n;
  if (/^(time|duration|mm ss|h mm ss|hh mm ss|minutes and seconds|mins secs)$/.test(n)) return 'time';
  return t === '' ? 'number' : t;
}

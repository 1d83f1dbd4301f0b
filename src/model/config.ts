import { z } from 'zod';
import { parseBand } from './bands.js';
import { parsePeriodLabel } from './period.js';

/** YAML reads `2024` or `14` as numbers; where a word is meant, take them as the text typed. */
const Text = z.union([z.string(), z.number()]).transform(String);
const Column = Text.pipe(z.string().min(1));

/** The files a source can be: workbooks, and delimited text (CSV, or a tab-separated export). */
export const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.xlsb', '.ods'];
export const TEXT_EXTENSIONS = ['.csv', '.tsv', '.txt'];

/** Per-source corrections for anything the wide reader guesses wrong: a letter or a heading. */
export const ColumnOverrides = z.strictObject({
  id: Column.optional(),
  title: Column.optional(),
  section: Column.optional(),
  polarity: Column.optional(),
  target: Column.optional(),
  tolerance: Column.optional(),
  lead: Column.optional(),
  unit: Column.optional(),
  frequency: Column.optional(),
  commentary: Column.optional(),
  rag: Column.optional(),
  direction: Column.optional(),
  /** `{ "Statistical neighbours": P }` */
  benchmarks: z.record(z.string(), Column).optional(),
  /** Columns to leave unread, e.g. `[R, S]`. */
  ignore: z.array(Column).optional(),
});
export type ColumnOverrides = z.infer<typeof ColumnOverrides>;

export const SourceSpec = z.strictObject({
  file: Text.pipe(z.string().min(1)),
  layout: z.enum(['tidy', 'wide', 'auto']).default('auto'),
  sheet: Text.optional(),
  headerRow: z.number().int().positive().optional(),
  columns: ColumnOverrides.optional(),
  /** Number style of a text export: `en` (1,234.5), `eu` (1.234,5), or found from the file (`auto`). */
  locale: z.enum(['auto', 'en', 'eu']).default('auto'),
  /** Read hidden rows, columns and sheets too (by default they are skipped, with a note). */
  includeHidden: z.boolean().default(false),
  /** The financial year that bare month headings (`May`, `Sept`) belong to, e.g. `2017/18`. */
  financialYear: Text.refine((s) => {
    const p = parsePeriodLabel(s);
    return p !== null && 'kind' in p && p.kind === 'year';
  }, 'expected a financial year such as 2017/18').optional(),
});
export type SourceSpec = z.infer<typeof SourceSpec>;

/** `10%`, `2 points`: kept as written here, parsed by the assessment stage. */
const BandText = z.union([z.string(), z.number()]).refine((v) => parseBand(v) !== null, 'expected a share such as 10% or an absolute band such as "2 points"');

export const RagSpec = z.strictObject({
  /** The amber band beyond the target: relative to it (`10%`) or absolute (`2 points`). */
  tolerance: BandText.default('10%'),
  /** `direction-aware`: beyond tolerance is red only when not improving (amber when improving). */
  rule: z.enum(['tolerance', 'direction-aware']).default('tolerance'),
});

export const DirectionSpec = z.strictObject({
  compare: z.enum(['previous', 'same-period-last-year']).default('previous'),
  /** Changes inside this band count as no change. */
  band: BandText.default('1%'),
  /** How the workbook's own arrows read: raw up/down, or better/worse. */
  published: z.enum(['raw', 'better-worse']).default('raw'),
});

export const SummarySpec = z.strictObject({
  /** Section roll-up: the worst RAG, the commonest, or red/amber once a share of indicators is. */
  rollup: z.enum(['worst', 'majority', 'share']).default('worst'),
  share: z.number().gt(0).lte(1).default(0.25),
});

/** Per-indicator settings, keyed by ID in `indicators:`. */
export const IndicatorSpec = z.strictObject({
  polarity: z.enum(['higher', 'lower']).optional(),
  /** Replaces the workbook's target text. */
  target: Text.optional(),
  tolerance: BandText.optional(),
  rule: z.enum(['tolerance', 'direction-aware']).optional(),
  /** Explicit thresholds: where amber starts (default the target) and where red starts. */
  amber: z.number().optional(),
  red: z.number().optional(),
  /** A year-to-date count whose annual target is compared pro rata. */
  cumulative: z.boolean().optional(),
  /** How many months old the latest value may be and still be rated (annual or lagged data). */
  maxAge: z.number().int().nonnegative().optional(),
});
export type IndicatorSpec = z.infer<typeof IndicatorSpec>;

export const OutputSpec = z.strictObject({
  dir: z.string().default('output'),
  /** Placeholders: {slug} (from the title), {period} (the reporting period id), {date} (meeting date). */
  file: z.string().default('{slug}-{period}.pdf'),
});

const Address = z
  .string()
  .trim()
  .regex(/^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$|^[^<>@]*<[^\s@<>,;]+@[^\s@<>,;]+>$/, 'expected an email address such as clerk@council.gov.uk');
/** One address or a list of them. */
const Addresses = z.union([Address, z.array(Address)]).transform((a) => (Array.isArray(a) ? a : [a]));

/**
 * `distribute: email:`. Who gets the pack; the wording is the template pack's email.hbs. The server
 * and its credentials are never here: they come from the environment (README, "Delivering the pack").
 */
export const EmailSpec = z
  .strictObject({
    to: Addresses.default([]),
    cc: Addresses.default([]),
    bcc: Addresses.default([]),
    /** The sender; default BOARDPACK_SMTP_FROM. */
    from: Address.optional(),
    /** Further attempts after a failed send, each after twice the wait of the one before. */
    retries: z.number().int().nonnegative().max(10).default(3),
    /** Seconds before the first retry. */
    retryWait: z.number().nonnegative().max(600).default(5),
  })
  .refine((e) => e.to.length + e.cc.length + e.bcc.length > 0, 'give at least one recipient, e.g. to: [clerk@council.gov.uk]');

/** `distribute:`: what is done with a pack once it is built (build --distribute, schedule, distribute). */
export const DistributeSpec = z
  .strictObject({
    email: EmailSpec.optional(),
    /** A folder (a mounted share) the pack and its manifest are copied into; relative to report.yaml. */
    folder: z.string().min(1).optional(),
  })
  .refine((d) => d.email !== undefined || d.folder !== undefined, 'give email:, folder: or both');
export type DistributeConfig = z.output<typeof DistributeSpec>;

/**
 * What boardpack will read, each checked before the work it bounds (README, "Limits"). The defaults
 * are far beyond any council's scorecard and well short of running out of memory; a finding or a
 * refusal names the limit passed and the key to raise.
 */
export const LimitsSpec = z.strictObject({
  /** Megabytes a workbook or text file may be, checked before it is read. */
  fileMB: z.number().positive().default(50),
  /** Megabytes a workbook may unpack to, from its zip directory before anything is inflated. */
  unzippedMB: z.number().positive().default(500),
  /** How many times its packed size a workbook (or any part of one) may unpack to, past 10 MB. */
  zipRatio: z.number().positive().default(200),
  /** Sheets in a workbook; no sheet past this is parsed. */
  sheets: z.number().int().positive().default(500),
  /** Rows in a sheet or text file; no row past this is parsed. */
  rows: z.number().int().positive().default(200_000),
  /** Cells holding something, in a workbook or text file, counted before any is read. */
  cells: z.number().int().positive().default(2_000_000),
  /** Characters in a cell (Excel's own limit); a longer text is read this far, and named. */
  cellCharacters: z.number().int().positive().default(32_767),
  /** Decimal places a figure is written with; the pack shows at most 20, so this is at most 20. */
  decimals: z.number().int().nonnegative().max(20).default(20),
});
export type Limits = z.output<typeof LimitsSpec>;

export const DEFAULT_LIMITS: Limits = LimitsSpec.parse({});

/** report.yaml as the user writes it. The smallest valid one is `sources: [{ file: kpis.xlsx }]`. */
export const ReportConfigSpec = z.strictObject({
  title: Text.pipe(z.string().min(1)).default('Performance scorecard'),
  organisation: Text.optional(),
  committee: Text.optional(),
  meetingDate: z
    .union([z.string(), z.date()])
    .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d))
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'))
    .optional(),
  /** `latest`, or a period id (`2025-03`) or label (`Mar-25`) from the workbook. */
  period: Text.default('latest'),
  sources: z.array(SourceSpec).min(1, 'give at least one source, e.g. sources: [{ file: kpis.xlsx }]'),
  template: z.string().default('default'),
  output: OutputSpec.default({ dir: 'output', file: '{slug}-{period}.pdf' }),
  rag: RagSpec.default({ tolerance: '10%', rule: 'tolerance' }),
  direction: DirectionSpec.default({ compare: 'previous', band: '1%', published: 'raw' }),
  summary: SummarySpec.default({ rollup: 'worst', share: 0.25 }),
  indicators: z.record(z.string(), IndicatorSpec).default({}),
  limits: LimitsSpec.default(DEFAULT_LIMITS),
  distribute: DistributeSpec.optional(),
});
export type ReportConfigSpec = z.input<typeof ReportConfigSpec>;

/** The normalised config: defaults filled, paths absolute. */
export type ReportConfig = z.output<typeof ReportConfigSpec> & {
  /** The folder relative paths resolve against. */
  baseDir: string;
  /** The config file, or the workbook given in its place. */
  origin: string;
  sources: Array<SourceSpec & { path: string }>;
};

import { z } from 'zod';
import { CellStatus, TypedDirection } from './cell.js';
import { Period } from './period.js';

/** Where a value came from: `kpis.xlsx › Scorecard › C15`. Every message points with it. */
export const SourceRef = z.string();

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** One data-quality finding. Errors stop a pack; warnings and notes are printed and kept. */
export const Issue = z.object({
  code: z.string(),
  severity: Severity,
  message: z.string(),
  at: SourceRef.nullable(),
  hint: z.string().nullable(),
});
export type Issue = z.infer<typeof Issue>;

export const Polarity = z.enum(['higher', 'lower']);
export type Polarity = z.infer<typeof Polarity>;

export const PeriodRef = Period.pick({ id: true, label: true });

export const Observation = z.object({
  period: Period,
  value: z.number().nullable(),
  status: CellStatus,
  raw: z.string(),
  revised: z.boolean(),
  count: z.number().nullable(),
  percent: z.boolean(),
  decimals: z.number().int().nullable(),
  range: z.tuple([z.number(), z.number()]).nullable(),
  note: z.string().nullable(),
  /** An arrow typed into the value cell. */
  direction: TypedDirection.nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  at: SourceRef,
});
export type Observation = z.infer<typeof Observation>;

export const Benchmark = z.object({
  name: z.string(),
  value: z.number().nullable(),
  raw: z.string(),
  status: CellStatus,
  revised: z.boolean(),
  at: SourceRef,
});
export type Benchmark = z.infer<typeof Benchmark>;

/** Target text as written; the assessment stage gives it structure. */
export const TargetSpec = z.object({
  raw: z.string().nullable(),
  /** A number stored with a % format, so `0.9` shown as `90%` arrives as 90 with percent set. */
  value: z.number().nullable(),
  percent: z.boolean(),
  at: SourceRef.nullable(),
});
export type TargetSpec = z.infer<typeof TargetSpec>;

/** A published status: Blue (BRAG) is "completed / exceeded"; none is "for information, no target". */
export const PublishedRating = z.enum(['green', 'amber', 'red', 'blue', 'none']);
export type PublishedRating = z.infer<typeof PublishedRating>;

export const Indicator = z.object({
  /** Null only when the sheet gives none (reported as an error). */
  id: z.string().nullable(),
  /** The sheet gives no ID: this one is derived from the title, stable from month to month. */
  idDerived: z.boolean(),
  title: z.string(),
  /** Id of the innermost section the indicator sits in. */
  section: z.string().nullable(),
  unit: z.string(),
  decimals: z.number().int().nullable(),
  polarity: Polarity.nullable(),
  /** Where the polarity came from, so a reader can tell a guess from a fact. */
  polaritySource: z.enum(['column', 'title', 'wording', 'status', 'config']).nullable(),
  target: TargetSpec,
  /** Targets that apply to one period or year only (`Target 2025/26`, or a Target column in Values). */
  periodTargets: z.array(z.object({ period: Period, target: TargetSpec })),
  tolerance: z.string().nullable(),
  lead: z.string().nullable(),
  frequency: z.string().nullable(),
  cumulative: z.boolean(),
  benchmarks: z.array(Benchmark),
  values: z.array(Observation),
  published: z.object({
    /** The workbook's own rating as written (`Above target`, `G`, `●`). */
    rag: z.string().nullable(),
    /** That rating read onto boardpack's scale; null when not understood or not given. */
    rating: PublishedRating.nullable(),
    /** Ratings the workbook states per period (`Jun-14 Status`), by period id. */
    byPeriod: z.record(z.string(), z.object({ rag: z.string(), rating: PublishedRating.nullable(), at: SourceRef })),
    ragAt: SourceRef.nullable(),
    direction: z.string().nullable(),
    directionAt: SourceRef.nullable(),
  }),
  /** Columns kept for people though boardpack does not use them (priorities, collection notes). */
  attributes: z.record(z.string(), z.string()),
  at: SourceRef,
});
export type Indicator = z.infer<typeof Indicator>;

/** The ID a reader is shown: the sheet's own, never one boardpack derived from the title. */
export const shownId = (ind: Pick<Indicator, 'id' | 'idDerived'>): string => (ind.idDerived ? '' : (ind.id ?? ''));

/**
 * How much of each short text the pack shows. These sit in table rows, headings and the head of a
 * detail panel, which never break across pages, so a text beyond its limit is shortened there with
 * an ellipsis (with a `text-too-long` finding; the JSON keeps it whole). Published titles run to
 * 300 characters, section names and lead officers to 100, targets and units to a few words.
 */
export const SHOWN = { title: 500, section: 200, lead: 200, target: 200, unit: 40 } as const;

/** A text as the pack shows it: whole, or its first `limit` characters and an ellipsis. */
export const shorten = (text: string, limit: number): string => (text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text);

/** A cell's text as a message quotes it: in quotes, and no longer than a line. */
export const quoted = (text: string, limit = 80): string => `"${shorten(text.trim(), limit)}"`;

/** The title a reader is shown. */
export const shownTitle = (title: string): string => shorten(title, SHOWN.title);

/** How a message names an indicator: its ID, or its title in quotes when the sheet gives no ID. */
export const indicatorName = (ind: Pick<Indicator, 'id' | 'idDerived' | 'title'>): string =>
  shownId(ind) || `"${ind.title.length > 60 ? `${ind.title.slice(0, 59)}…` : ind.title}"`;

export const Section = z.object({
  id: z.string(),
  title: z.string(),
  /** `Virtual School - NB attendance …`: the words after the name. */
  note: z.string().nullable(),
  parent: z.string().nullable(),
  at: SourceRef.nullable(),
});
export type Section = z.infer<typeof Section>;

export const Commentary = z.object({
  subject: z.discriminatedUnion('kind', [z.object({ kind: z.literal('indicator'), id: z.string() }), z.object({ kind: z.literal('section'), id: z.string() })]),
  /** Null when the workbook does not say (narrative under a table is about the latest period). */
  period: PeriodRef.nullable(),
  text: z.string(),
  author: z.string().nullable(),
  at: SourceRef,
});
export type Commentary = z.infer<typeof Commentary>;

/** What the reader made of one column of a table: shown by `validate`, carried in its JSON. */
export const ColumnMap = z.object({
  /** Column letter. */
  col: z.string(),
  /** The heading as read (stacked header rows joined with ` › `), '' when blank. */
  heading: z.string(),
  role: z.string(),
  period: PeriodRef.optional(),
  /** Benchmark or attribute name. */
  name: z.string().optional(),
  /** How the role was found: from the heading, from the cells under a blank or misleading heading, or from report.yaml. */
  by: z.enum(['heading', 'cells', 'config']),
});
export type ColumnMap = z.infer<typeof ColumnMap>;

export const TableMap = z.object({
  file: z.string(),
  sheet: z.string(),
  /** 1-based rows of the header block. */
  headerRows: z.array(z.number().int()),
  /** 1-based rows under the table that only announce the narrative below them (`Narrative:`). */
  markerRows: z.array(z.number().int()),
  columns: z.array(ColumnMap),
  indicators: z.number().int(),
});
export type TableMap = z.infer<typeof TableMap>;

export const Scorecard = z.object({
  periods: z.array(Period),
  /** Every table read, with its column roles (tidy sources have none). */
  tables: z.array(TableMap),
  sections: z.array(Section),
  indicators: z.array(Indicator),
  commentary: z.array(Commentary),
  issues: z.array(Issue),
});
export type Scorecard = z.infer<typeof Scorecard>;

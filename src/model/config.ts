import { z } from 'zod';
import { parsePeriodLabel } from './period.js';

/** YAML reads `2024` or `14` as numbers; where a word is meant, take them as the text typed. */
const Text = z.union([z.string(), z.number()]).transform(String);
const Column = Text.pipe(z.string().min(1));

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
  /** The financial year that bare month headings (`May`, `Sept`) belong to, e.g. `2017/18`. */
  financialYear: Text
    .refine((s) => {
      const p = parsePeriodLabel(s);
      return p !== null && 'kind' in p && p.kind === 'year';
    }, 'expected a financial year such as 2017/18')
    .optional(),
});
export type SourceSpec = z.infer<typeof SourceSpec>;

export const OutputSpec = z.strictObject({
  dir: z.string().default('output'),
  /** Placeholders: {slug} (from the title), {period} (the reporting period id), {date} (meeting date). */
  file: z.string().default('{slug}-{period}.pdf'),
});

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

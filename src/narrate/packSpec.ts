import { z } from 'zod';

// pack.yaml's schema on its own: the Handlebars helpers and the template contexts need its shape,
// and the loader (pack.ts) needs them, so the shape cannot live in the loader.

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour such as #1D4E89');

/** The parts a pack may have; `changes` is drawn only when there is a last pack to compare with. */
export const BLOCKS = ['cover', 'contents', 'key', 'summary', 'changes', 'sections', 'details'] as const;

/** pack.yaml: everything about a pack's look and wording that is not in its templates. */
export const PackSpec = z.strictObject({
  name: z.string(),
  page: z.strictObject({
    size: z.enum(['A4', 'A3']).default('A4'),
    orientation: z.enum(['landscape', 'portrait']).default('landscape'),
    /** Left, top, right, bottom, in points (72 to the inch). */
    margins: z.tuple([z.number(), z.number(), z.number(), z.number()]).default([36, 54, 36, 44]),
  }),
  palette: z.strictObject({
    green: Colour,
    amber: Colour,
    red: Colour,
    none: Colour,
    noData: Colour,
    improving: Colour,
    declining: Colour,
    neutral: Colour,
    text: Colour,
    muted: Colour,
    accent: Colour,
    rule: Colour,
    headerFill: Colour,
    stripe: Colour,
    benchmark: z.array(Colour).min(1),
  }),
  fonts: z.strictObject({
    regular: z.string(),
    bold: z.string(),
    italics: z.string(),
    bolditalics: z.string(),
    /** Body text size in points. */
    size: z.number().min(6).max(16).default(9),
    /** Fonts for the characters the four above lack (other scripts, emoji), tried in order; each draws in its regular face. */
    fallback: z.array(z.string()).max(16).default([]),
  }),
  /** A PNG or JPEG in the pack folder, shown on the cover. */
  logo: z.string().nullable().default(null),
  /** The label on the cover, e.g. "Appendix A". */
  appendix: z.string().default('Appendix A'),
  blocks: z
    .array(z.enum(BLOCKS))
    .min(1)
    .refine((b) => new Set(b).size === b.length, 'a block appears twice'),
  table: z.strictObject({ periods: z.number().int().min(1).max(24).default(6) }),
  details: z.strictObject({ perPage: z.number().int().min(1).max(4).default(2), chartPeriods: z.number().int().min(2).max(36).default(12) }),
  /** Auto-narratives: only where there is no commentary (fill), beside it (always), or never. */
  narrative: z.strictObject({ auto: z.enum(['fill', 'always', 'never']).default('fill') }),
  /** Words for RAG and direction values, used by the ragWord / directionWord helpers. */
  words: z.strictObject({
    rag: z.strictObject({ green: z.string(), amber: z.string(), red: z.string(), none: z.string(), 'no-data': z.string() }),
    direction: z.strictObject({
      improving: z.string(),
      declining: z.string(),
      'no-change': z.string(),
      up: z.string(),
      down: z.string(),
      same: z.string(),
      'not-comparable': z.string(),
    }),
    labels: z.strictObject({
      contents: z.string(),
      key: z.string(),
      summary: z.string(),
      scorecard: z.string(),
      details: z.string(),
      ungrouped: z.string(),
      header: z.string(),
      footer: z.string(),
      page: z.string(),
      coverCount: z.string(),
      id: z.string(),
      measure: z.string(),
      target: z.string(),
      rag: z.string(),
      direction: z.string(),
      latest: z.string(),
      rating: z.string(),
      benchmarks: z.string(),
      lead: z.string(),
      noValue: z.string(),
      noTarget: z.string(),
      /** Heads the box drawn where a chart could not be drawn (its description follows). */
      chartNotDrawn: z.string().default('Chart not available'),
      /** The key's three columns: ratings, better or worse (filled arrows), which way (thin arrows). */
      keyColumns: z.tuple([z.string(), z.string(), z.string()]).default(['Rating', 'Better or worse', 'Which way']),
      /** Where something is: `p. {page}` beside each scorecard row (its detail panel) and in each panel (its row). */
      onPage: z.string().default('p. {page}'),
      /** Tops a page that an indicator's long commentary continues onto. */
      continued: z.string().default('{title} (continued)'),
      /** The web page: a link to an indicator's detail panel, where the PDF gives its page (`p. 23`). */
      detailsLink: z.string().default('Details'),
      /** The web page: the caption of the table of a chart's figures under it. */
      figures: z.string().default('The figures'),
    }),
    /**
     * "Changes since the last pack". `{period}` is the last pack's reporting period as the workbook
     * writes it (in `to`, this pack's), `{title}` the last pack's title. A pack written before this
     * part existed gets these words.
     */
    changes: z
      .strictObject({
        heading: z.string().default('Changes since the last pack'),
        intro: z.string().default('Compared with the last pack, {title} for {period}.'),
        rag: z.string().default('Ratings that changed'),
        direction: z.string().default('Directions of travel that changed'),
        added: z.string().default('Indicators added'),
        removed: z.string().default('Indicators removed'),
        targets: z.string().default('Targets that changed'),
        /** The columns of what each was in the last pack and is in this one. */
        from: z.string().default('Was ({period})'),
        to: z.string().default('Now ({period})'),
        reason: z.string().default('Reason'),
        /** Said instead of the lists and tables when nothing changed ({period} and {title} are filled in here too). */
        none: z.string().default('Nothing has changed: no rating, direction of travel or target, and no indicator was added or removed.'),
      })
      .prefault({}),
    markers: z.strictObject({
      revised: z.string(),
      suppressed: z.string(),
      'not-collected': z.string(),
      'not-applicable': z.string(),
      'not-reported': z.string(),
      unavailable: z.string(),
      unparsed: z.string(),
    }),
  }),
  /** How benchmark columns read in sentences: the first `match` (a case-insensitive pattern) wins. */
  benchmarks: z.array(z.strictObject({ match: z.string(), name: z.string() })).default([]),
});
export type PackSpec = z.output<typeof PackSpec>;

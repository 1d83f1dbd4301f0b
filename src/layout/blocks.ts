import type { Direction } from '../assess/direction.js';
import type { Rag } from '../assess/rag.js';
import type { ChartSpec } from '../chart/builders.js';
import type { Indicator } from '../model/scorecard.js';
import type { PackSpec } from '../narrate/packSpec.js';

/**
 * The committee pack as a tree of blocks with their roles: what it says and how each part reads
 * (headings, paragraphs, lists, tables, figures, links), composed once (document.ts) and drawn by
 * each renderer: the PDF (pdfNodes.ts, whose roles become the tagged PDF's structure tree) and
 * the accessible HTML page. Nothing here is pdfmake's. Presentational hints (`look`, `keep`)
 * say how the pack is meant to look; a renderer may use them, and never needs them to say the same
 * things.
 */

/** A colour by what it means; each renderer takes it from the pack's palette. */
export type Tone = 'text' | 'muted' | 'accent' | { rag: Rag } | { direction: Direction };

/** The pack's named text styles (theme.ts defines them for the PDF). */
export type TextStyle = 'h1' | 'h2' | 'h3' | 'small' | 'th' | 'td' | 'note' | 'commentary';

/** How a block or a cell looks. Sizes and margins are in points; margins are [left, top, right, bottom]. */
export interface Look {
  style?: TextStyle;
  tone?: Tone;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  align?: 'left' | 'center' | 'right';
  margin?: [number, number, number, number];
  letterSpacing?: number;
  lineHeight?: number;
  /** A quiet background (the palette's stripe). */
  fill?: 'stripe';
}

/** Keeping a block in one piece, and with what follows it. */
export interface Keep {
  /** Never broken across pages (when it fits on one). */
  together?: boolean;
  /** Points of what follows that must fit below it on its page, or it starts the next. */
  withNext?: number;
}

/** Text with emphasis, a tone, a size, or a link to an anchor in the pack. A `\n` in it is a line break. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  tone?: Tone;
  size?: number;
  /** The anchor (a heading's, a panel's) it links to. */
  link?: string;
}

/** The number of the page an anchor is on (`p. 23`), where the renderer has pages. */
export interface PageRef {
  pageOf: string;
  tone?: Tone;
}

export type Inline = string | TextRun | PageRef;
/** A text: one plain string, or runs. */
export type Runs = string | Inline[];

/** What a block or cell shows of an indicator: its scorecard row or its detail panel. */
export interface Shows {
  indicator: Indicator;
  part: 'row' | 'panel';
}

export interface Heading {
  kind: 'heading';
  level: 1 | 2 | 3;
  text: Runs;
  /** Where links and page references to it point. */
  anchor?: string;
  /** A bookmark: its text, and the anchor of the heading it sits under. */
  bookmark?: { text: string; parent?: string };
  /** An entry in the contents, indented by so many points. */
  contents?: { indent?: number };
  look?: Look;
}

export interface Paragraph {
  kind: 'paragraph';
  text: Runs;
  /** A note on what precedes it (the markers under a table). */
  note?: boolean;
  look?: Look;
  keep?: Keep;
}

export interface List {
  kind: 'list';
  items: Array<{ text: Runs; keep?: Keep }>;
  look?: Look;
}

/** A line of a table cell: text in the cell itself, not a paragraph of its own. */
export interface CellLine {
  text: Runs;
  look?: Look;
}

export type Cell = (
  | {
      /** Its text. */
      text: Runs;
    }
  | {
      /** Lines of text one under another. */
      lines: CellLine[];
    }
) & {
  /** Columns it spans. */
  span?: number;
  /** A header cell in a body row (heading its row). Cells of header rows are headers already. */
  rowHeader?: boolean;
  /** What the cell means in words (a rating's reason), for readers who cannot see it. */
  alt?: string;
  look?: Look;
  shows?: Shows;
};

export interface Table {
  kind: 'table';
  /** Column widths in points, or `*` for the rest of the width shared out. */
  widths: Array<number | '*'>;
  /** Rows repeated at the top of each page the table runs on. */
  header: Cell[][];
  body: Cell[][];
  /** `stripes`: ruled rows, alternate ones shaded; `none`: no rules at all. */
  rules: 'stripes' | 'none';
  /** Rows never split across pages, and how many rows stay with the header rows. */
  rowsWhole?: boolean;
  keepWithHeader?: number;
  look?: Look;
}

export interface Figure {
  kind: 'figure';
  /** A chart (its index in the pack's `charts`), or an image file. */
  source: { chart: number } | { image: string };
  alt: string;
  width: number;
  height: number;
  /** Scaled to fit inside width × height (an image of unknown size). */
  fit?: boolean;
  look?: Look;
}

/** A rule across the column (`line`), or a short thick bar under a title (`bar`). Decoration: an artifact. */
export interface Rule {
  kind: 'rule';
  variant: 'line' | 'bar';
  length: number;
  tone?: Tone;
  look?: Look;
}

/** Blocks side by side. */
export interface Columns {
  kind: 'columns';
  columns: Array<{ width: number | '*' | 'auto'; block: Block }>;
  look?: Look;
}

/** Blocks one under another with no role of their own (a layout grouping), kept together or watched as one. */
export interface Group {
  kind: 'group';
  blocks: Block[];
  look?: Look;
  keep?: Keep;
  shows?: Shows;
  /** Text that flows over pages: what the top of each page it continues onto says. */
  continued?: string;
}

/** A section of the pack (Sect): an indicator's detail panel. */
export interface Section {
  kind: 'section';
  blocks: Block[];
}

/** Quoted words (BlockQuote): an officer's commentary. */
export interface Quote {
  kind: 'quote';
  blocks: Block[];
  look?: Look;
}

/** The table of contents: its title, and an entry for every heading with `contents`. */
export interface Contents {
  kind: 'contents';
  title: Heading;
}

export type Block = Heading | Paragraph | List | Table | Figure | Rule | Columns | Group | Section | Quote | Contents;

/** One of the pack's parts (cover, contents, key, summary, scorecard, details). */
export interface Part {
  name: PackSpec['blocks'][number];
  blocks: Block[];
  /** Starts on a new page. */
  newPage: boolean;
}

export interface PackBlocks {
  meta: { title: string; author: string; subject: string; keywords: string; language: string; date: Date };
  page: {
    size: PackSpec['page']['size'];
    orientation: PackSpec['page']['orientation'];
    margins: [number, number, number, number];
    width: number;
    height: number;
  };
  theme: { palette: PackSpec['palette']; size: number };
  /** Page furniture, artifacts: the header (not on the first page) and footer of every page. */
  furniture: {
    header: { title: string; period: string; firstPage: boolean };
    /** `page` holds `{page}` and `{pages}`. */
    footer: { text: string; page: string };
  };
  parts: Part[];
  /** The charts the figures show, by their index. */
  charts: ChartSpec[];
}

/** A label with its `{name}` placeholders filled in; unknown ones are left as they are. */
export const fillLabel = (label: string, values: Record<string, string | number>): string =>
  label.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

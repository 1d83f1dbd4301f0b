/**
 * The small markup templates write: paragraphs split by blank lines, `- ` bullets, `**bold**`,
 * `_italic_`, `[words](#anchor)` for a link to a place in the pack (an indicator's panel), and `\`
 * to make any of them literal. Data is escaped for this markup, never for HTML.
 */

export interface Run {
  text: string;
  bold: boolean;
  italics: boolean;
  /** The anchor the run links to, if it is a link. */
  link?: string;
}

/** Text that is already markup (a rendered reason): passed into other templates as it is. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Block = { kind: 'paragraph'; runs: Run[] } | { kind: 'bullets'; items: Run[][] };

/** Makes text show literally: no `*`, `_`, `[`, `]`, `\` or leading `- ` in it can become markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/[\\*_[\]]/g, (c) => `\\${c}`).replace(/^(\s*)-(?=\s)/gm, '$1\\-');
}

/** Officer commentary, shown as written: each line its own paragraph, nothing in it markup. */
export function commentaryMarkup(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(escapeMarkup)
    .join('\n\n');
}

export function parseMarkup(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (lines.length === 0) continue;
    if (lines.every((l) => /^-\s/.test(l))) {
      blocks.push({ kind: 'bullets', items: lines.map((l) => parseInline(l.replace(/^-\s+/, ''))) });
      continue;
    }
    // A paragraph that starts with text and runs into bullets is two blocks.
    const firstBullet = lines.findIndex((l) => /^-\s/.test(l));
    if (firstBullet > 0 && lines.slice(firstBullet).every((l) => /^-\s/.test(l))) {
      blocks.push({ kind: 'paragraph', runs: parseInline(lines.slice(0, firstBullet).join(' ')) });
      blocks.push({ kind: 'bullets', items: lines.slice(firstBullet).map((l) => parseInline(l.replace(/^-\s+/, ''))) });
      continue;
    }
    blocks.push({ kind: 'paragraph', runs: parseInline(lines.join(' ')) });
  }
  return blocks;
}

/** A link's end: `](#anchor)`. */
const LINK_END = /^\]\(#([\w.-]+)\)/;

/**
 * Inline `**bold**`, `_italic_` and `[words](#anchor)`; an underscore inside a word (`file_name`)
 * stays an underscore, and a `[` with no `](#anchor)` after it is a bracket.
 */
export function parseInline(text: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italics = false;
  let link: string | undefined;
  let buf = '';
  const flush = () => {
    if (buf !== '') runs.push(link === undefined ? { text: buf, bold, italics } : { text: buf, bold, italics, link });
    buf = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      buf += text[++i];
    } else if (ch === '[' && link === undefined && linkAhead(text, i + 1) !== null) {
      flush();
      link = linkAhead(text, i + 1)!;
    } else if (ch === ']' && link !== undefined) {
      flush();
      i += LINK_END.exec(text.slice(i))![0].length - 1;
      link = undefined;
    } else if (ch === '*' && text[i + 1] === '*') {
      flush();
      bold = !bold;
      i++;
    } else if (ch === '_' && (italics ? !/\w/.test(text[i + 1] ?? '') : !/\w/.test(text[i - 1] ?? '') && /\S/.test(text[i + 1] ?? ''))) {
      flush();
      italics = !italics;
    } else buf += ch;
  }
  flush();
  return merge(runs);
}

/** Plain text, markup removed: what `assess --json` shows as a narrative. */
export function stripMarkup(text: string): string {
  return parseMarkup(text)
    .map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.items.map((item) => `- ${item.map((r) => r.text).join('')}`).join('\n')))
    .join('\n\n');
}

/** The anchor of a link whose words start at `from`: the first unescaped `]` must be followed by `(#anchor)`. */
function linkAhead(text: string, from: number): string | null {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '[') return null;
    else if (text[i] === ']') return LINK_END.exec(text.slice(i))?.[1] ?? null;
  }
  return null;
}

function merge(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.bold === r.bold && last.italics === r.italics && last.link === r.link) last.text += r.text;
    else out.push({ ...r });
  }
  return out;
}

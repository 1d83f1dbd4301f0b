/**
 * The small markup templates write: paragraphs split by blank lines, `- ` bullets, `**bold**`,
 * `_italic_`, and `\` to make any of them literal. Data is escaped for this markup, never for HTML.
 */

export interface Run {
  text: string;
  bold: boolean;
  italics: boolean;
}

/** Text that is already markup (a rendered reason): passed into other templates as it is. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Block = { kind: 'paragraph'; runs: Run[] } | { kind: 'bullets'; items: Run[][] };

/** Makes text show literally: no `*`, `_`, `\` or leading `- ` in it can become markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/[\\*_]/g, (c) => `\\${c}`).replace(/^(\s*)-(?=\s)/gm, '$1\\-');
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

/** Inline `**bold**` and `_italic_`; an underscore inside a word (`file_name`) stays an underscore. */
export function parseInline(text: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italics = false;
  let buf = '';
  const flush = () => {
    if (buf !== '') runs.push({ text: buf, bold, italics });
    buf = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      buf += text[++i];
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

function merge(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.bold === r.bold && last.italics === r.italics) last.text += r.text;
    else out.push({ ...r });
  }
  return out;
}

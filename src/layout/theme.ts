import type { Rag } from '../assess/rag.js';
import type { Direction } from '../assess/direction.js';
import type { PackSpec } from '../narrate/packSpec.js';

/** The font family name pdfmake and the charts know the pack's font by. */
export const FONT = 'PackSans';

/**
 * RAG is never colour alone: each rating has its own shape and word. Every symbol in the key has one
 * meaning: shapes (● ▲ ■ ◇ ○) are ratings only, arrows are direction only, filled arrows
 * (⬆ ⬇ ⬌) saying better or worse and thin ones (↑ ↓ →) only which way a figure without a polarity
 * moved. The glyphs are in the bundled DejaVu font (Roboto, pdfmake's default, has none of them).
 */
export const RAG_SHAPE: Record<Rag, string> = { green: '●', amber: '▲', red: '■', none: '○', 'no-data': '◇' };

export const DIRECTION_SHAPE: Record<Direction, string> = {
  improving: '⬆',
  declining: '⬇',
  'no-change': '⬌',
  up: '↑',
  down: '↓',
  same: '→',
  'not-comparable': '–',
};

export function ragColour(p: PackSpec['palette'], rag: Rag): string {
  return rag === 'none' ? p.none : rag === 'no-data' ? p.noData : p[rag];
}

export function directionColour(p: PackSpec['palette'], d: Direction): string {
  return d === 'improving' ? p.improving : d === 'declining' ? p.declining : p.neutral;
}

export function styles(spec: { palette: PackSpec['palette']; fonts: { size: number } }) {
  const { palette: p, fonts } = spec;
  const base = fonts.size;
  return {
    h1: { fontSize: base * 2, bold: true, color: p.accent, margin: [0, 0, 0, 8] },
    h2: { fontSize: base * 1.45, bold: true, color: p.accent, margin: [0, 10, 0, 4] },
    h3: { fontSize: base * 1.15, bold: true, color: p.text, margin: [0, 6, 0, 3] },
    small: { fontSize: base - 1.5, color: p.muted },
    th: { bold: true, fontSize: base - 1, color: p.text, fillColor: p.headerFill },
    td: { fontSize: base - 1 },
    note: { fontSize: base - 1, color: p.muted },
    commentary: { fontSize: base - 0.5, color: p.text },
  };
}

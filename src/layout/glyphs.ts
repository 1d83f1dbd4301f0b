import { FontChain, loadTextEngines } from '../chart/fontChain.js';
import type { Issue, Scorecard } from '../model/scorecard.js';

/** Characters that draw nothing and need no glyph: spaces, joiners, marks of direction, variation selectors. */
const invisible = (cp: number) =>
  /\s/.test(String.fromCodePoint(cp)) ||
  (cp >= 0x200b && cp <= 0x200f) ||
  (cp >= 0x2028 && cp <= 0x202f) ||
  (cp >= 0x2060 && cp <= 0x206f) ||
  cp === 0xfeff ||
  (cp >= 0xfe00 && cp <= 0xfe0f);

/**
 * Every character is drawn in a font that has it, or its cell is named: a character no font of the
 * pack has (neither its own nor any of `fonts.fallback`) would print as nothing at all, with
 * nothing in the text layer. One finding per text, naming the characters and where the text came
 * from. `fontFiles` are the pack's own faces, `fallbackFiles` its fallbacks, read only when a
 * character needs them.
 */
export async function missingGlyphs(scorecard: Scorecard, fontFiles: readonly string[], fallbackFiles: readonly string[] = []): Promise<Issue[]> {
  await loadTextEngines();
  const chain = new FontChain(fontFiles, fallbackFiles);
  const drawable = (cp: number) => chain.fontFor(cp) >= 0;
  const texts: Array<{ text: string; what: string; at: string | null }> = [
    ...scorecard.indicators.flatMap((i) => [
      { text: i.title, what: `the title of ${i.idDerived || i.id === null ? 'an indicator' : i.id}`, at: i.at },
      ...(i.lead ? [{ text: i.lead, what: `the lead officer of ${i.id}`, at: i.at }] : []),
      ...i.values.map((v) => ({ text: v.raw, what: `a value of ${i.id}`, at: v.at })),
      ...(i.target.raw ? [{ text: i.target.raw, what: `the target of ${i.id}`, at: i.target.at ?? i.at }] : []),
    ]),
    ...scorecard.sections.map((s) => ({ text: `${s.title}${s.note ? ` ${s.note}` : ''}`, what: 'a section heading', at: s.at })),
    ...scorecard.commentary.map((c) => ({ text: c.text, what: 'commentary', at: c.at })),
  ];
  const issues: Issue[] = [];
  for (const t of texts) {
    const missing = [...new Set([...t.text].filter((ch) => !invisible(ch.codePointAt(0)!) && !drawable(ch.codePointAt(0)!)))];
    if (missing.length === 0) continue;
    const shown = missing.slice(0, 8).join(' ');
    issues.push({
      code: 'glyph-missing',
      severity: 'warning',
      message: `${capitalise(t.what)} has ${missing.length === 1 ? 'a character' : `${missing.length} characters`} the pack's fonts cannot show (${shown}${missing.length > 8 ? ' …' : ''}); ${missing.length === 1 ? 'it prints' : 'they print'} as nothing in the pack.`,
      at: t.at,
      hint: "Add a font that has them to `fonts.fallback` in the template pack's pack.yaml, or write the text without them.",
    });
  }
  return issues;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

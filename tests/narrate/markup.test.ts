import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commentaryMarkup, escapeMarkup, parseInline, parseMarkup, stripMarkup } from '../../src/narrate/markup.js';

describe('markup', () => {
  it('reads paragraphs, bullets, bold and italic', () => {
    expect(parseMarkup('One **bold** and _italic_ word.\nSame paragraph.\n\n- first\n- second **b**')).toEqual([
      {
        kind: 'paragraph',
        runs: [
          { text: 'One ', bold: false, italics: false },
          { text: 'bold', bold: true, italics: false },
          { text: ' and ', bold: false, italics: false },
          { text: 'italic', bold: false, italics: true },
          { text: ' word. Same paragraph.', bold: false, italics: false },
        ],
      },
      {
        kind: 'bullets',
        items: [
          [{ text: 'first', bold: false, italics: false }],
          [
            { text: 'second ', bold: false, italics: false },
            { text: 'b', bold: true, italics: false },
          ],
        ],
      },
    ]);
  });

  it('splits a heading line followed by bullets', () => {
    expect(parseMarkup('**Red**\n- a\n- b').map((b) => b.kind)).toEqual(['paragraph', 'bullets']);
  });

  it('keeps underscores inside words', () => {
    expect(parseInline('file_name_here')).toEqual([{ text: 'file_name_here', bold: false, italics: false }]);
  });

  it('links words to a place in the pack, and leaves a bracket with no anchor a bracket', () => {
    expect(parseInline('- [**EH1** Contacts](#indicator-1): 12% [sic] (#not)')).toEqual([
      { text: '- ', bold: false, italics: false },
      { text: 'EH1', bold: true, italics: false, link: 'indicator-1' },
      { text: ' Contacts', bold: false, italics: false, link: 'indicator-1' },
      { text: ': 12% [sic] (#not)', bold: false, italics: false },
    ]);
    expect(stripMarkup('See [the panel](#indicator-2).')).toBe('See the panel.');
  });

  it('escapes data so none of it becomes markup, and never HTML-escapes', () => {
    const data = '- **not bold** _not italic_ \\ <b>tags</b> & {{ not a field }} [no link](#indicator-1)';
    const blocks = parseMarkup(`Before ${escapeMarkup(data)} after`);
    expect(blocks).toEqual([{ kind: 'paragraph', runs: [{ text: `Before ${data} after`, bold: false, italics: false }] }]);
    expect(stripMarkup(escapeMarkup(data))).toBe(data);
  });

  it('shows officer commentary as written, a paragraph per line', () => {
    const text = 'Line one with *stars* and _underscores_.\n- not a bullet\n<i>html</i> {{ id }}';
    expect(parseMarkup(commentaryMarkup(text)).map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : 'BULLETS'))).toEqual([
      'Line one with *stars* and _underscores_.',
      '- not a bullet',
      '<i>html</i> {{ id }}',
    ]);
  });

  it('round-trips any escaped text as plain text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }).filter((s) => !/[\r\n]/.test(s)),
        (s) => {
          expect(stripMarkup(escapeMarkup(s))).toBe(s.trim());
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('template helpers', () => {
  it('formats values, changes, periods and words', async () => {
    const { createEnvironment } = await import('../../src/narrate/handlebars.js');
    const hb = createEnvironment({
      words: {
        rag: { green: 'Green', amber: 'Amber', red: 'Red', none: 'Not rated', 'no-data': 'No data' },
        direction: {
          improving: 'Improving',
          declining: 'Declining',
          'no-change': 'No change',
          up: 'Up',
          down: 'Down',
          same: 'Same',
          'not-comparable': 'Not comparable',
        },
        labels: {} as never,
        changes: {} as never,
        markers: {} as never,
      },
    });
    const render = (t: string, ctx: object = {}) => hb.compile(t, { strict: true, noEscape: true })(ctx);
    expect(render('{{formatValue 72.25 "%" 1}} {{formatNumber 1036}} {{signed -3.8 "%"}} {{percentChange 76 72.2}} {{percentOf 3 12}}')).toBe(
      '72.3% 1,036 −3.8 points −5.0% 25%',
    );
    expect(render('{{periodName "Mar-25"}} / {{periodName "Qu 2 18-19"}} / {{periodName "2016/17"}}')).toBe('March 2025 / Q2 2018/19 / 2016/17');
    expect(render('{{ragWord "red"}} {{directionWord "no-change"}} {{count 1 "indicator" "indicators"}} {{count 3 "indicator" "indicators"}}')).toBe(
      'Red No change 1 indicator 3 indicators',
    );
    expect(render('{{join list ", " " and "}}', { list: ['a', 'b', 'c'] })).toBe('a, b and c');
    expect(render('{{#if (and (gt n 2) (not flag))}}yes{{/if}}', { n: 3, flag: false })).toBe('yes');
  });
});

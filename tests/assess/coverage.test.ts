import { describe, expect, it } from 'vitest';
import { type Side, directionOfTravel } from '../../src/assess/direction.js';
import { readPublishedDirection, readPublishedRag } from '../../src/assess/published.js';
import { judge } from '../../src/assess/rag.js';
import { type Counted, type RollupRule, rollup } from '../../src/assess/summary.js';
import { parseTarget } from '../../src/assess/targets.js';
import { parseBand } from '../../src/model/bands.js';

// Rules no example workbook reaches: found uncovered by `npm run coverage`.

describe('targets written with the ceiling after the figure', () => {
  it.each([
    ['8% or less', 8],
    ['10 and below', 10],
    ['5 maximum', 5],
    ['3 max.', 3],
  ] as const)('%j is a maximum of %d, met on the figure', (raw, value) => {
    expect(parseTarget({ raw, value: null }, null)).toEqual({ kind: 'max', value, inclusive: true, raw });
  });
});

describe('an exact target', () => {
  const exact = { kind: 'exact', value: 5, raw: '5' } as const;
  const band = parseBand('10%')!;

  it('is met only on the figure, and never beaten', () => {
    expect(judge(5, exact, band)).toMatchObject({ rag: 'green', beyond: false });
  });

  it('is missed either side, within the band or beyond it', () => {
    expect(judge(5.4, exact, band)).toMatchObject({ rag: 'amber', side: 'above' });
    expect(judge(4, exact, band)).toMatchObject({ rag: 'red', side: 'below' });
  });
});

describe('direction of travel across kinds of period', () => {
  const side = (value: number, label: string, kind: string): Side => ({ value, status: 'ok', raw: String(value), label, kind });

  it('does not compare a month with a quarter', () => {
    expect(directionOfTravel(side(80, 'Mar-25', 'month'), side(70, '2024/25 Q3', 'quarter'), 'higher', parseBand('0%')!)).toMatchObject({
      direction: 'not-comparable',
      why: 'different-kind',
      change: null,
    });
  });
});

describe('ratings and directions as the workbook writes them', () => {
  it('reads Blue (exceeded) as green and none as no rating', () => {
    expect(readPublishedRag('blue')).toBe('green');
    expect(readPublishedRag('none')).toBeNull();
    expect(readPublishedRag('amber')).toBe('amber');
  });

  it.each([
    ['Increasing', { move: 'up', sense: 'raw' }],
    ['fell', { move: 'down', sense: 'raw' }],
    ['Improved', { move: 'up', sense: 'better-worse' }],
    ['Deteriorating', { move: 'down', sense: 'better-worse' }],
    ['No  change', { move: 'same', sense: null }],
    ['Maintained', { move: 'same', sense: null }],
    ['sideways', null],
  ] as const)('%j', (text, expected) => {
    expect(readPublishedDirection(text)).toEqual(expected);
  });
});

describe('section roll-ups by majority and by share', () => {
  const items = (...rags: Array<'green' | 'amber' | 'red' | 'none'>): Counted[] =>
    rags.map((rag, i) => ({ indicator: { id: String(i), title: `Indicator ${i}`, section: 's' }, rag, direction: 'not-comparable', beyondTarget: false }));
  const majority: RollupRule = { rollup: 'majority', share: 0.25 };
  const share: RollupRule = { rollup: 'share', share: 0.25 };

  it('takes the most common rating, a tie going to the worse', () => {
    expect(rollup(items('green', 'green', 'red', 'none'), majority)).toBe('green');
    expect(rollup(items('green', 'amber', 'red', 'red'), majority)).toBe('red');
    expect(rollup(items('green', 'amber'), majority)).toBe('amber');
  });

  it('is red or amber once that share of the rated indicators is, counting red as amber too', () => {
    expect(rollup(items('green', 'green', 'green', 'red'), share)).toBe('red');
    expect(rollup(items('green', 'green', 'green', 'amber', 'none'), share)).toBe('amber');
    expect(rollup(items('green', 'green', 'green', 'green', 'amber'), share)).toBe('green');
    expect(rollup(items('none', 'none'), share)).toBe('none');
  });
});

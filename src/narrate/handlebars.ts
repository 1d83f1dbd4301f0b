import Handlebars from 'handlebars';
import { defaultDecimals, formatChange, formatNumber, formatValue } from '../model/format.js';
import { parsePeriodLabel } from '../model/period.js';
import { periodContext } from './context.js';
import type { PackSpec } from './packSpec.js';

type Words = PackSpec['words'];

/**
 * An isolated Handlebars with the helpers officers need. Helper names must not be field names
 * (a helper wins over a field of the same name), so formatters are `formatValue`, not `value`. Templates are compiled with `noEscape`:
 * data reaches them already escaped for boardpack's markup (never for HTML, so no `&amp;` in a PDF).
 */
export function createEnvironment(spec: Pick<PackSpec, 'words'>): typeof Handlebars {
  const hb = Handlebars.create();
  const words: Words = spec.words;
  const args = (list: unknown[]) => list.slice(0, -1);
  const helpers: Record<string, (...a: unknown[]) => unknown> = {
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
    gt: (a, b) => Number(a) > Number(b),
    gte: (a, b) => Number(a) >= Number(b),
    lt: (a, b) => Number(a) < Number(b),
    lte: (a, b) => Number(a) <= Number(b),
    and: (...a) => args(a).every(Boolean),
    or: (...a) => args(a).some(Boolean),
    not: (a) => !a,
    /** {{formatValue 72.2 "%" 1}} → 72.2% */
    formatValue: (v, unit, decimals) =>
      typeof v === 'number' ? formatValue(v, typeof unit === 'string' ? unit : 'number', typeof decimals === 'number' ? decimals : null) : '',
    /** {{formatNumber 1036}} → 1,036 */
    formatNumber: (v, decimals) => (typeof v === 'number' ? formatNumber(v, typeof decimals === 'number' ? decimals : defaultDecimals(v)) : ''),
    /** {{signed -3.8 "%"}} → −3.8 points */
    signed: (v, unit, decimals) =>
      typeof v === 'number' ? formatChange(v, typeof unit === 'string' ? unit : 'number', typeof decimals === 'number' ? decimals : null) : '',
    /** {{percentChange 76 72.2}} → −5.0% */
    percentChange: (from, to) => {
      if (typeof from !== 'number' || typeof to !== 'number' || from === 0) return '';
      const p = ((to - from) / Math.abs(from)) * 100;
      return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${formatNumber(Math.abs(p), 1)}%`;
    },
    /** {{percentOf 3 12}} → 25% */
    percentOf: (n, total) => (typeof n === 'number' && typeof total === 'number' && total > 0 ? `${Math.round((n / total) * 100)}%` : ''),
    /** {{periodName "Mar-25"}} → March 2025; {{periodName "Qu 2 18-19"}} → Q2 2018/19 */
    periodName: (label) => {
      const p = typeof label === 'string' ? parsePeriodLabel(label) : null;
      return p && 'id' in p ? periodContext(p).name : String(label ?? '');
    },
    ragWord: (rag) => words.rag[rag as keyof Words['rag']] ?? String(rag),
    directionWord: (d) => words.direction[d as keyof Words['direction']] ?? String(d),
    /** {{plural 3 "indicator" "indicators"}} → indicators */
    plural: (n, one, many) => (n === 1 ? one : many),
    /** {{count 3 "indicator" "indicators"}} → 3 indicators */
    count: (n, one, many) => `${n} ${n === 1 ? one : many}`,
    /** {{join list ", " " and "}} → a, b and c */
    join: (list, sep, last) => {
      const items = Array.isArray(list) ? list.map(String) : [];
      const s = typeof sep === 'string' ? sep : ', ';
      const l = typeof last === 'string' ? last : s;
      return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(s)}${l}${items[items.length - 1]}`;
    },
    len: (list) => (Array.isArray(list) ? list.length : 0),
    lower: (s) => String(s ?? '').toLowerCase(),
    upper: (s) => String(s ?? '').toUpperCase(),
    /** {{capitalise "improving"}} → Improving */
    capitalise: (s) => {
      const t = String(s ?? '');
      return t.charAt(0).toUpperCase() + t.slice(1);
    },
  };
  for (const [name, fn] of Object.entries(helpers)) {
    const needs = Math.min(fn.length, name === 'count' || name === 'plural' ? 3 : 1);
    // `{{count}}` meant as a field would print "[object Object] undefined": say what it is instead.
    const checked = (...a: unknown[]) => {
      if (needs > 0 && a.length - 1 < needs) {
        const line = (a.at(-1) as { loc?: { start?: { line?: number } } } | undefined)?.loc?.start?.line;
        throw new Error(
          `{{${name}}} is one of boardpack's helpers, not a field, and needs ${needs === 1 ? 'a value' : `${needs} values`}${line ? ` (line ${line})` : ''}; give it them, or use another field name`,
        );
      }
      return fn(...a);
    };
    hb.registerHelper(name, checked as Handlebars.HelperDelegate);
  }
  return hb;
}

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/model/loadConfig.js';
import { nearest } from '../../src/model/parseYaml.js';

const parse = (yaml: string) => parseConfig(yaml, '/reports/june/report.yaml');
const failure = (yaml: string) => {
  try {
    parse(yaml);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the config to be refused');
};

describe('report.yaml', () => {
  it('accepts the smallest config and fills the defaults, resolving paths against its folder', () => {
    const c = parse('sources: [{ file: kpis.xlsx }]');
    expect(c).toMatchObject({ title: 'Performance scorecard', period: 'latest', template: 'default', output: { dir: 'output', file: '{slug}-{period}.pdf' } });
    expect(c.sources[0]).toMatchObject({ file: 'kpis.xlsx', layout: 'auto', path: '/reports/june/kpis.xlsx' });
    expect(c.baseDir).toBe('/reports/june');
  });

  it('reads every documented key', () => {
    const c = parse(`
title: Children's Scorecard
organisation: Northbridge Borough Council
committee: Children and Families Committee
meetingDate: 2025-04-22
period: Mar-25
sources:
  - file: ../data/kpis.xlsx
    layout: wide
    sheet: Scorecard
    headerRow: 14
    financialYear: 2024/25
    columns: { id: A, title: B, benchmarks: { SN av: P }, ignore: [Q] }
template: ./my-pack
output: { dir: out, file: "{slug}-{period}.pdf" }
`);
    expect(c).toMatchObject({ meetingDate: '2025-04-22', period: 'Mar-25', template: './my-pack' });
    expect(c.sources[0]).toMatchObject({ path: '/reports/data/kpis.xlsx', headerRow: 14, columns: { id: 'A', benchmarks: { 'SN av': 'P' } } });
  });

  it('names the key path and line of a bad value', () => {
    const e = failure('sources:\n  - file: kpis.xlsx\n    layout: sideways\n    headerRow: -2\n');
    expect(e.code).toBe('config-invalid');
    expect(e.message).toContain('sources[0].layout (line 3)');
    expect(e.message).toContain('expected one of "tidy"|"wide"|"auto"');
    expect(e.message).toContain('sources[0].headerRow (line 4)');
  });

  it('suggests the nearest valid key for an unknown one, at any depth', () => {
    const e = failure('titel: X\nsources:\n  - file: kpis.xlsx\n    layot: wide\n    columns: { tagret: C }\n');
    expect(e.message).toContain('titel (line 1): unknown key; did you mean "title"?');
    expect(e.message).toContain('sources[0].layot (line 4): unknown key; did you mean "layout"?');
    expect(e.message).toContain('sources[0].columns.tagret (line 5): unknown key; did you mean "target"?');
  });

  it('says what is required, and explains YAML mistakes with the line', () => {
    expect(failure('title: X\n').message).toContain('sources: required');
    expect(failure('sources: []\n').message).toContain('give at least one source');
    const yaml = failure('sources:\n  - file: a.xlsx\n   layout: wide\n');
    expect(yaml.code).toBe('config-yaml');
    expect(yaml.message).toMatch(/line 3/);
    expect(failure('sources:\n  - file: a.xlsx\n    financialYear: 2017\n').message).toContain('expected a financial year such as 2017/18');
    expect(failure('meetingDate: 22/04/2025\nsources: [{file: a.xlsx}]').message).toContain('expected a date as YYYY-MM-DD');
  });

  it('suggests only near keys', () => {
    expect(nearest('tempalte', ['template', 'title'])).toBe('template');
    expect(nearest('colour', ['template', 'title'])).toBeNull();
  });
});

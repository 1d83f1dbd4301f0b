import type { Assessment, IndicatorAssessment } from '../assess/index.js';
import { IssueLog } from '../model/issues.js';
import { type Commentary, type Issue, SHOWN, indicatorName, shorten } from '../model/scorecard.js';
import type { Report } from '../model/report.js';
import { coverContext, escapeContext, indicatorFacts, keyContext, reasonContext, sectionContext, summaryContext } from './context.js';
import { commentaryMarkup } from './markup.js';
import type { TemplatePack } from './pack.js';

export interface IndicatorText {
  /** The auto-narrative, in markup; always written, whether or not the pack shows it. */
  narrative: string;
  /** Officer commentary as written, each entry in markup with its author. */
  commentary: Array<{ markup: string; text: string; author: string | null }>;
  /** Whether the pack shows the auto-narrative for this indicator (narrative.auto). */
  showNarrative: boolean;
  ragReason: string;
  directionReason: string;
}

/** Every piece of wording in a pack, rendered from the template pack; markup, not HTML. */
export interface Narrative {
  cover: string;
  key: string;
  summary: string;
  sections: Map<string, { intro: string; commentary: IndicatorText['commentary'] }>;
  indicators: Map<IndicatorAssessment, IndicatorText>;
  issues: Issue[];
}

export function narrate(report: Report, assessment: Assessment, pack: TemplatePack): Narrative {
  const log = new IssueLog();
  const { scorecard, period } = report;
  const current = (c: Commentary) => c.period === null || c.period.id === period.id;
  // The current commentary on each indicator and section, found once rather than per indicator.
  const bySubject = new Map<string, Commentary[]>();
  for (const c of scorecard.commentary) {
    if (!current(c)) continue;
    const key = `${c.subject.kind} ${c.subject.id}`;
    const list = bySubject.get(key);
    if (list) list.push(c);
    else bySubject.set(key, [c]);
  }
  const about = (kind: 'indicator' | 'section', id: string | null): Commentary[] => (id === null ? [] : (bySubject.get(`${kind} ${id}`) ?? []));
  const asText = (list: readonly Commentary[]) =>
    list.map((c) => ({ markup: commentaryMarkup(c.text), text: c.text, author: c.author === null ? null : shorten(c.author, SHOWN.lead) }));

  const reasons = new Map<IndicatorAssessment, { rag: string; direction: string }>();
  const indicators = new Map<IndicatorAssessment, IndicatorText>();
  for (const a of assessment.indicators) {
    const facts = escapeContext(reasonContext(a));
    const reason = { rag: oneLine(pack.render('rag-reason', facts)), direction: oneLine(pack.render('direction-reason', facts)) };
    reasons.set(a, reason);
    const commentary = about('indicator', a.indicator.id);
    // The narrative's context: the facts, escaped once for all three templates, with the indicator's
    // own laid over them. Assigned, not spread: V8 built each spread-and-extended object slowly.
    const ctx = Object.assign(facts, escapeContext(indicatorFacts(a, report, pack.spec, reason, commentary)));
    const auto = pack.spec.narrative.auto;
    indicators.set(a, {
      narrative: tidy(pack.render('indicator', ctx)),
      commentary: asText(commentary),
      showNarrative: auto === 'always' || (auto === 'fill' && commentary.length === 0),
      ragReason: reason.rag,
      directionReason: reason.direction,
    });
    if (a.rag === 'red' && commentary.length === 0) {
      log.warn(
        'red-without-commentary',
        `${indicatorName(a.indicator)} is red for ${period.label} but has no commentary; the pack shows the automatic narrative instead.`,
        a.indicator.at,
        'Committees expect an explanation for every red indicator: add commentary for it in the workbook.',
      );
    }
  }

  const sections = new Map<string, { intro: string; commentary: IndicatorText['commentary'] }>();
  for (const s of assessment.sections) {
    const commentary = about('section', s.id);
    sections.set(s.id, {
      intro: tidy(pack.render('section', escapeContext(sectionContext(s, report, pack.spec, commentary)))),
      commentary: asText(commentary),
    });
  }

  return {
    cover: tidy(pack.render('cover', escapeContext(coverContext(report, pack.spec)))),
    key: tidy(pack.render('key', escapeContext(keyContext(report)))),
    summary: tidy(pack.render('summary', escapeContext(summaryContext(assessment, report, reasons)))),
    sections,
    indicators,
    issues: log.items,
  };
}

/** Reasons are one line: the template may be written over several. */
const oneLine = (text: string) => tidy(text).replace(/\s+/g, ' ');

/** A line holding what tidy takes out: a tab, two spaces, a space before punctuation, space at either end. */
const UNTIDY = /\t| {2}| [,.;:)]|^\s|\s$/;

/** Spacing a template's conditional blocks leave behind: doubled spaces, a space before a comma. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      // Most lines have nothing to tidy (three per indicator, and a report may have 100,000).
      UNTIDY.test(line)
        ? line
            .replace(/[ \t]+/g, ' ')
            .replace(/ ([,.;:)])/g, '$1')
            .trim()
        : line,
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

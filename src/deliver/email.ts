import { basename } from 'node:path';
import { anyChanges, changesSince } from '../history.js';
import { BoardpackError } from '../errors.js';
import type { Manifest } from '../manifest.js';
import type { Rag } from '../assess/rag.js';
import type { ReportConfig } from '../model/config.js';
import { parsePeriodLabel } from '../model/period.js';
import { type TemplatePack, longDate, periodContext } from '../narrate/index.js';

/** Better to worse, for saying whether a rating that changed got better. */
const RANK: Partial<Record<Rag, number>> = { green: 3, amber: 2, red: 1 };

/**
 * What email.hbs is given: all of it from the manifest (so `distribute <manifest>` words the email
 * as the build would) and report.yaml's names. Plain text: the email is not the pack's markup.
 */
export function emailContext(manifest: Manifest, config: Pick<ReportConfig, 'organisation' | 'committee' | 'meetingDate'>, file: string) {
  const { rag } = manifest.counts;
  const parsed = parsePeriodLabel(manifest.period.label);
  const changes = manifest.comparedWith ? changesSince(manifest.comparedWith, manifest.indicators) : null;
  const rank = (r: Rag) => RANK[r] ?? 0;
  return {
    title: manifest.title,
    organisation: config.organisation ?? null,
    committee: config.committee ?? null,
    meetingDate: config.meetingDate ? longDate(config.meetingDate) : null,
    period: { label: manifest.period.label, name: parsed && 'id' in parsed ? periodContext(parsed).name : manifest.period.label },
    file,
    // The web page beside the PDF (build --format pdf,html), attached too.
    page: manifest.html && manifest.html.path !== manifest.output.path ? basename(manifest.html.path) : null,
    pages: manifest.output.pages,
    total: manifest.counts.indicators,
    rated: rag.green + rag.amber + rag.red,
    green: rag.green,
    amber: rag.amber,
    red: rag.red,
    none: rag.none,
    noData: rag['no-data'],
    redList: manifest.indicators
      .filter((i) => i.rag === 'red')
      .map((i) => ({ id: i.id, title: i.title, section: i.section, reason: i.ragReason, latest: i.latest?.shown ?? null })),
    changes: changes && {
      since: changes.previous.period,
      any: anyChanges(changes),
      ratings: changes.rag.length,
      better: changes.rag.filter((c) => rank(c.to) > rank(c.from) && rank(c.from) > 0).length,
      worse: changes.rag.filter((c) => rank(c.to) < rank(c.from) && rank(c.to) > 0).length,
      directions: changes.direction.length,
      added: changes.added.length,
      removed: changes.removed.length,
      targets: changes.targets.length,
    },
  };
}

/** The subject and body email.hbs writes: `Subject: …` on its first line, the body after a blank line. */
export function composeEmail(pack: TemplatePack, context: object): { subject: string; text: string } {
  const file = pack.defaulted.includes('email') ? 'templates/default/email.hbs' : `${pack.dir}/email.hbs`;
  const written = pack.render('email', context).replace(/^\s+/, '');
  const match = /^Subject:[ \t]*(.*)\r?\n/i.exec(written);
  if (!match || match[1]!.trim() === '') {
    throw new BoardpackError('template-email', `${file} does not begin with a "Subject: …" line, so the email would have no subject.`, {
      at: file,
      hint: 'Make the first line of email.hbs "Subject: " and the subject, then a blank line, then the body.',
    });
  }
  const text = `${written
    .slice(match[0].length)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
  // A header never holds a line break: a subject that wrapped is one line.
  return { subject: match[1]!.replace(/\s+/g, ' ').trim(), text };
}

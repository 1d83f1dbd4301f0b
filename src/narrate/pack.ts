import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HelperDelegate } from 'handlebars';
import { z } from 'zod';
import { BoardpackError } from '../errors.js';
import type { Effects } from '../effects.js';
import type { ReportConfig } from '../model/config.js';
import { parseYamlWith } from '../model/parseYaml.js';
import { createEnvironment } from './handlebars.js';

/** Where boardpack is installed: the default pack and the bundled fonts live here. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FONTS_DIR = join(PACKAGE_ROOT, 'fonts');

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour such as #1D4E89');

export const BLOCKS = ['cover', 'contents', 'key', 'summary', 'sections', 'details'] as const;

/** pack.yaml: everything about a pack's look and wording that is not in its templates. */
export const PackSpec = z.strictObject({
  name: z.string(),
  page: z.strictObject({
    size: z.enum(['A4', 'A3']).default('A4'),
    orientation: z.enum(['landscape', 'portrait']).default('landscape'),
    /** Left, top, right, bottom, in points (72 to the inch). */
    margins: z.tuple([z.number(), z.number(), z.number(), z.number()]).default([36, 54, 36, 44]),
  }),
  palette: z.strictObject({
    green: Colour, amber: Colour, red: Colour, none: Colour, noData: Colour,
    improving: Colour, declining: Colour, neutral: Colour,
    text: Colour, muted: Colour, accent: Colour, rule: Colour, headerFill: Colour, stripe: Colour,
    benchmark: z.array(Colour).min(1),
  }),
  fonts: z.strictObject({
    regular: z.string(), bold: z.string(), italics: z.string(), bolditalics: z.string(),
    /** Body text size in points. */
    size: z.number().min(6).max(16).default(9),
  }),
  /** A PNG or JPEG in the pack folder, shown on the cover. */
  logo: z.string().nullable().default(null),
  /** The label on the cover, e.g. "Appendix A". */
  appendix: z.string().default('Appendix A'),
  blocks: z.array(z.enum(BLOCKS)).min(1).refine((b) => new Set(b).size === b.length, 'a block appears twice'),
  table: z.strictObject({ periods: z.number().int().min(1).max(24).default(6) }),
  details: z.strictObject({ perPage: z.number().int().min(1).max(4).default(2), chartPeriods: z.number().int().min(2).max(36).default(12) }),
  /** Auto-narratives: only where there is no commentary (fill), beside it (always), or never. */
  narrative: z.strictObject({ auto: z.enum(['fill', 'always', 'never']).default('fill') }),
  /** Words for RAG and direction values, used by the ragWord / directionWord helpers. */
  words: z.strictObject({
    rag: z.strictObject({ green: z.string(), amber: z.string(), red: z.string(), none: z.string(), 'no-data': z.string() }),
    direction: z.strictObject({
      improving: z.string(), declining: z.string(), 'no-change': z.string(), up: z.string(), down: z.string(), same: z.string(), 'not-comparable': z.string(),
    }),
    labels: z.strictObject({
      contents: z.string(), key: z.string(), summary: z.string(), scorecard: z.string(), details: z.string(), ungrouped: z.string(),
      header: z.string(), footer: z.string(), page: z.string(), coverCount: z.string(),
      id: z.string(), measure: z.string(), target: z.string(), rag: z.string(), direction: z.string(),
      latest: z.string(), rating: z.string(), benchmarks: z.string(), lead: z.string(), noValue: z.string(), noTarget: z.string(),
      /** Heads the box drawn where a chart could not be drawn (its description follows). */
      chartNotDrawn: z.string().default('Chart not available'),
    }),
    markers: z.strictObject({
      revised: z.string(), suppressed: z.string(), 'not-collected': z.string(), 'not-applicable': z.string(),
      'not-reported': z.string(), unavailable: z.string(), unparsed: z.string(),
    }),
  }),
  /** How benchmark columns read in sentences: the first `match` (a case-insensitive pattern) wins. */
  benchmarks: z.array(z.strictObject({ match: z.string(), name: z.string() })).default([]),
});
export type PackSpec = z.output<typeof PackSpec>;

/** The templates every pack has; each is also a partial of the same name. */
export const TEMPLATES = ['cover', 'key', 'summary', 'section', 'indicator', 'rag-reason', 'direction-reason'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

export interface TemplatePack {
  dir: string;
  spec: PackSpec;
  /** Folders pdfmake may read: the pack's and the bundled fonts. */
  fontFiles: { regular: string; bold: string; italics: string; bolditalics: string };
  logo: string | null;
  render(name: TemplateName, context: object): string;
}

/** Loads and compiles a pack up front, so a broken template fails before any work is done. */
export async function loadPack(config: Pick<ReportConfig, 'template' | 'baseDir'>, fx: Effects): Promise<TemplatePack> {
  const dir = config.template === 'default' ? join(PACKAGE_ROOT, 'templates', 'default') : resolve(config.baseDir, config.template);
  const specPath = join(dir, 'pack.yaml');
  if ((await fx.kind(specPath)) !== 'file') {
    throw new BoardpackError('template-pack-not-found', `No template pack at ${relativeName(dir, config.baseDir)}: it has no pack.yaml.`, {
      at: relativeName(dir, config.baseDir),
      hint: 'Set `template:` in report.yaml to `default`, or to the folder of a copied pack (one holding pack.yaml and its .hbs files).',
    });
  }
  const spec = parseYamlWith(PackSpec, await fx.readText(specPath), specPath, { code: 'pack', hint: 'Compare it with templates/default/pack.yaml, which lists every key.' });
  spec.benchmarks.forEach((b, i) => {
    try {
      new RegExp(b.match, 'i');
    } catch {
      throw new BoardpackError('pack-invalid', `pack.yaml benchmarks[${i}].match "${b.match}" is not a valid pattern.`, { at: specPath, hint: 'Use plain words, e.g. match: national' });
    }
  });

  const hb = createEnvironment(spec);
  const compiled = new Map<TemplateName, HelperDelegate>();
  for (const name of TEMPLATES) {
    const file = join(dir, `${name}.hbs`);
    if ((await fx.kind(file)) !== 'file') {
      throw new BoardpackError('template-missing', `The template pack ${relativeName(dir, config.baseDir)} has no ${name}.hbs.`, {
        at: file,
        hint: `A pack needs ${TEMPLATES.map((t) => `${t}.hbs`).join(', ')}; copy the missing one from templates/default.`,
      });
    }
    const source = await fx.readText(file);
    let ast: ReturnType<typeof hb.parse>;
    try {
      ast = hb.parse(source);
    } catch (e) {
      throw templateError(e, file, 'template-syntax');
    }
    // Compiled from the parsed tree, so each template is parsed once.
    const template = hb.compile(ast, { strict: true, noEscape: true });
    const run: HelperDelegate = (context: object, options?: object) => {
      try {
        return template(context, options as never);
      } catch (e) {
        // An error from a partial is already named by its own file.
        throw e instanceof BoardpackError ? e : templateError(e, file, 'template-field');
      }
    };
    compiled.set(name, run);
    hb.registerPartial(name, run as never);
  }

  const font = async (file: string) => {
    for (const base of [dir, FONTS_DIR]) {
      const path = resolve(base, file);
      if (inside(path, base) && (await fx.kind(path)) === 'file') return path;
    }
    throw new BoardpackError('font-not-found', `The font ${file} named in pack.yaml is not in the pack folder or the bundled fonts.`, {
      at: specPath,
      hint: 'Put the .ttf file in the pack folder and give its file name under `fonts:`.',
    });
  };
  const fontFiles = {
    regular: await font(spec.fonts.regular),
    bold: await font(spec.fonts.bold),
    italics: await font(spec.fonts.italics),
    bolditalics: await font(spec.fonts.bolditalics),
  };
  let logo: string | null = null;
  if (spec.logo !== null) {
    logo = resolve(dir, spec.logo);
    if (!inside(logo, dir) || !/\.(png|jpe?g)$/i.test(logo) || (await fx.kind(logo)) !== 'file') {
      throw new BoardpackError('logo-not-found', `The logo ${spec.logo} must be a PNG or JPEG inside the pack folder.`, { at: specPath, hint: 'Copy the image into the pack folder and give its file name under `logo:`.' });
    }
  }

  return {
    dir,
    spec,
    fontFiles,
    logo,
    render(name, context) {
      return compiled.get(name)!(context);
    },
  };
}

/** `templates/default/indicator.hbs line 4: "valu" is not a field here` — the file, line and field. */
function templateError(e: unknown, file: string, code: string): BoardpackError {
  const err = e as { message?: string; lineNumber?: number; column?: number };
  const message = String(err.message ?? e);
  const field = message.match(/^"([^"]+)" not defined/)?.[1];
  const line = err.lineNumber ?? Number(message.match(/- (\d+):\d+$/)?.[1] ?? message.match(/line (\d+)/)?.[1] ?? NaN);
  const where = Number.isFinite(line) ? ` line ${line}` : '';
  const name = join(basename(dirname(file)), basename(file));
  const what = field
    ? `"${field}" is not a field or helper here`
    : message.split('\n').filter((l) => !/^-*\^$/.test(l.trim()))[0]!.replace(/ - \d+:\d+$/, '');
  return new BoardpackError(code, `${name}${where}: ${what}.`, {
    at: `${file}${where ? `:${line}` : ''}`,
    hint: field
      ? 'Check the spelling against the fields listed in the README under "Template packs".'
      : 'Check that every {{#if}}, {{#each}} and {{#unless}} is closed, and every {{ has its }}.',
    cause: e,
  });
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

const relativeName = (dir: string, base: string) => relative(base, dir) || dir;

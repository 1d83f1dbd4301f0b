import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HelperDelegate } from 'handlebars';
import { BoardpackError } from '../errors.js';
import { patternProblem } from './patterns.js';
import { type Effects, MAX_TEXT_FILE_BYTES, fileInside } from '../effects.js';
import type { ReportConfig } from '../model/config.js';
import { parseYamlWith } from '../model/parseYaml.js';
import { createEnvironment } from './handlebars.js';
import { PackSpec } from './packSpec.js';

/** Where boardpack is installed: the default pack and the bundled fonts live here. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FONTS_DIR = join(PACKAGE_ROOT, 'fonts');

/** The templates every pack has; each is also a partial of the same name. */
export const TEMPLATES = ['cover', 'key', 'summary', 'section', 'indicator', 'rag-reason', 'direction-reason'] as const;
/**
 * Templates a pack may leave out: the default pack's is used then, so a pack copied before the
 * template was added goes on working (`defaulted` says which were taken from the default).
 */
export const OPTIONAL_TEMPLATES = ['email'] as const;
export type TemplateName = (typeof TEMPLATES)[number] | (typeof OPTIONAL_TEMPLATES)[number];

const DEFAULT_PACK_DIR = join(PACKAGE_ROOT, 'templates', 'default');

export interface TemplatePack {
  dir: string;
  spec: PackSpec;
  /** Folders pdfmake may read: the pack's and the bundled fonts. */
  fontFiles: { regular: string; bold: string; italics: string; bolditalics: string };
  /** `fonts.fallback`, resolved: the fonts tried in order for characters `fontFiles` lack. */
  fallbackFonts: string[];
  logo: string | null;
  /** Optional templates this pack has not got, taken from the default pack (e.g. `email`). */
  defaulted: string[];
  render(name: TemplateName, context: object): string;
}

/** A font file is a few megabytes (Noto CJK, the largest in common use, is about 20); a logo, less. */
const MAX_FONT_BYTES = 40 * 1024 * 1024;
const MAX_LOGO_BYTES = 10 * 1024 * 1024;

/** Loads and compiles a pack up front, so a broken template fails before any work is done. */
export async function loadPack(config: Pick<ReportConfig, 'template' | 'baseDir'>, fx: Effects): Promise<TemplatePack> {
  const dir = config.template === 'default' ? DEFAULT_PACK_DIR : resolve(config.baseDir, config.template);
  const specPath = join(dir, 'pack.yaml');
  if ((await fileInside(dir, 'pack.yaml', fx, { maxBytes: MAX_TEXT_FILE_BYTES })) === null) {
    throw new BoardpackError('template-pack-not-found', `No template pack at ${relativeName(dir, config.baseDir)}: it has no pack.yaml.`, {
      at: relativeName(dir, config.baseDir),
      hint: 'Set `template:` in report.yaml to `default`, or to the folder of a copied pack (one holding pack.yaml and its .hbs files).',
    });
  }
  const spec = parseYamlWith(PackSpec, await fx.readText(specPath), specPath, {
    code: 'pack',
    hint: 'Compare it with templates/default/pack.yaml, which lists every key.',
  });
  spec.benchmarks.forEach((b, i) => {
    const problem = patternProblem(b.match);
    if (problem !== null) {
      throw new BoardpackError('pack-invalid', `pack.yaml benchmarks[${i}].match "${b.match}" is not a pattern boardpack can use (${problem}).`, {
        at: specPath,
        hint: 'Use plain words, e.g. match: national, or a simple pattern such as "^(sn|stat)"; look-arounds and back-references are not supported.',
      });
    }
  });

  const hb = createEnvironment(spec);
  const compiled = new Map<TemplateName, HelperDelegate>();
  const defaulted: string[] = [];
  for (const name of [...TEMPLATES, ...OPTIONAL_TEMPLATES]) {
    let file = join(dir, `${name}.hbs`);
    const present = (await fileInside(dir, `${name}.hbs`, fx, { maxBytes: MAX_TEXT_FILE_BYTES })) !== null;
    if (!present && (OPTIONAL_TEMPLATES as readonly string[]).includes(name)) {
      file = join(DEFAULT_PACK_DIR, `${name}.hbs`);
      defaulted.push(name);
    } else if (!present) {
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
      const path = await fileInside(base, file, fx, { maxBytes: MAX_FONT_BYTES });
      if (path) return path;
    }
    throw new BoardpackError('font-not-found', `The font ${file} named in pack.yaml is not in the pack folder or the bundled fonts.`, {
      at: specPath,
      hint: 'Put the .ttf file in the pack folder and give its file name under `fonts:` (or `fonts.fallback:`).',
    });
  };
  const fontFiles = {
    regular: await font(spec.fonts.regular),
    bold: await font(spec.fonts.bold),
    italics: await font(spec.fonts.italics),
    bolditalics: await font(spec.fonts.bolditalics),
  };
  const fallbackFonts: string[] = [];
  for (const file of spec.fonts.fallback) fallbackFonts.push(await font(file));
  let logo: string | null = null;
  if (spec.logo !== null) {
    logo = await fileInside(dir, spec.logo, fx, { maxBytes: MAX_LOGO_BYTES });
    if (logo === null || !/\.(png|jpe?g)$/i.test(logo)) {
      throw new BoardpackError('logo-not-found', `The logo ${spec.logo} must be a PNG or JPEG inside the pack folder.`, {
        at: specPath,
        hint: 'Copy the image into the pack folder and give its file name under `logo:`.',
      });
    }
    // pdfmake takes any file for an image and fails deep in drawing; a PNG or JPEG starts with its mark.
    const head = (await fx.readFile(logo, { maxBytes: MAX_LOGO_BYTES })).subarray(0, 4);
    const png = [0x89, 0x50, 0x4e, 0x47].every((b, i) => head[i] === b);
    const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
    if (!png && !jpeg) {
      throw new BoardpackError('logo-unreadable', `The logo ${logo} is not a PNG or JPEG image (it may be another kind of file renamed).`, {
        at: logo,
        hint: 'Save the logo as PNG or JPEG (File › Export in an image editor) and name that file under `logo:` in pack.yaml.',
      });
    }
  }

  return {
    dir,
    spec,
    fontFiles,
    fallbackFonts,
    logo,
    defaulted,
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
    : message
        .split('\n')
        .filter((l) => !/^-*\^$/.test(l.trim()))[0]!
        .replace(/ - \d+:\d+$/, '');
  return new BoardpackError(code, `${name}${where}: ${what}.`, {
    at: `${file}${where ? `:${line}` : ''}`,
    hint: field
      ? 'Check the spelling against the fields listed in the README under "Template packs".'
      : 'Check that every {{#if}}, {{#each}} and {{#unless}} is closed, and every {{ has its }}.',
    cause: e,
  });
}

const relativeName = (dir: string, base: string) => relative(base, dir) || dir;

import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { parseYamlWith } from './parseYaml.js';
import { BoardpackError } from '../errors.js';
import { type Effects, MAX_TEXT_FILE_BYTES, resolveInside } from '../effects.js';
import { type ReportConfig, ReportConfigSpec, TEXT_EXTENSIONS, WORKBOOK_EXTENSIONS } from './config.js';

const DATA_EXT = [...WORKBOOK_EXTENSIONS, ...TEXT_EXTENSIONS];

/**
 * Every command takes a report.yaml, or a workbook / CSV / CSV folder in its place (all defaults),
 * so `boardpack validate kpis.xlsx` just works.
 */
export async function loadConfig(path: string, fx: Effects): Promise<ReportConfig> {
  const full = resolve(path);
  const info = await fx.stat(full);
  if (info === null) {
    throw new BoardpackError('config-not-found', `${path} does not exist.`, {
      at: path,
      hint: 'Give the path of a report.yaml, or of a workbook (.xlsx) or CSV to read with default settings.',
    });
  }
  if (info.kind === 'other') {
    throw new BoardpackError('input-not-a-file', `${path} is ${info.what}, not a file, so boardpack will not read it.`, {
      at: path,
      hint: 'Give the path of a saved report.yaml, workbook or CSV file, or of a folder of CSV files.',
    });
  }
  if (info.kind === 'dir' || DATA_EXT.includes(extname(full).toLowerCase())) {
    return normalise(ReportConfigSpec.parse({ sources: [{ file: basename(full) }] }), dirname(full), full);
  }
  if (!/\.ya?ml$/i.test(full)) {
    throw new BoardpackError('input-type', `${path} is not a report.yaml, a workbook or a CSV file.`, {
      at: path,
      hint: `Give a report.yaml, or a data file (${DATA_EXT.join(' ')}), or a folder of CSV files.`,
    });
  }
  if (info.size > MAX_TEXT_FILE_BYTES) {
    throw new BoardpackError(
      'config-too-large',
      `${path} is ${(info.size / 1048576).toFixed(1)} MB; a report.yaml is a few kilobytes, and boardpack reads one up to ${MAX_TEXT_FILE_BYTES / 1048576} MB.`,
      {
        at: path,
        hint: 'Check it is the report.yaml you meant; workbooks and CSV files are named under `sources:`, not pasted in.',
      },
    );
  }
  const config = parseConfig(await fx.readText(full, { maxBytes: MAX_TEXT_FILE_BYTES }), full);
  await checkTemplateFolder(config, fx);
  return config;
}

/**
 * report.yaml's settings given in code (the library's `buildPack({ title, sources: [...] })`), checked
 * as report.yaml is; relative paths are taken from `baseDir`.
 */
export async function configFromObject(settings: Record<string, unknown>, baseDir: string, fx: Effects): Promise<ReportConfig> {
  const config = parseConfig(stringify(settings), join(resolve(baseDir), 'report settings given in code'));
  await checkTemplateFolder(config, fx);
  return config;
}

/**
 * A template pack written as a relative path stays in report.yaml's folder (a symlink or `../` that
 * leads out is refused); an absolute path is the user's own choice.
 */
async function checkTemplateFolder(config: ReportConfig, fx: Effects): Promise<void> {
  if (config.template === 'default' || isAbsolute(config.template)) return;
  await resolveInside(config.baseDir, config.template, fx, {
    name: `template: ${config.template}`,
    hint: 'Copy the template pack into the folder report.yaml is in, or give its absolute path under `template:`.',
  });
}

/** Parses report.yaml text; problems name the key path and line, and suggest the nearest key. */
export function parseConfig(text: string, file: string): ReportConfig {
  return normalise(
    parseYamlWith(ReportConfigSpec, text, file, { code: 'config', hint: 'Keys and their meanings are listed in the README under "report.yaml".' }),
    dirname(file),
    file,
  );
}

function normalise(spec: z.output<typeof ReportConfigSpec>, baseDir: string, origin: string): ReportConfig {
  return {
    ...spec,
    baseDir,
    origin,
    sources: spec.sources.map((s) => ({ ...s, path: isAbsolute(s.file) ? s.file : resolve(baseDir, s.file) })),
  };
}

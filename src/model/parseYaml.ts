import { basename } from 'node:path';
import { type Document, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { BoardpackError } from '../errors.js';

/**
 * Reads YAML against a zod schema. Every problem names its key path and line, and an unknown key
 * the nearest valid one, all in one BoardpackError (`<code>-yaml`, `<code>-invalid`).
 */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string, opts: { code: string; hint: string }): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const name = basename(file);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new BoardpackError(`${opts.code}-yaml`, `${name} line ${pos.line}: ${e.message.split('\n')[0]}`, {
      at: `${name}:${pos.line}`,
      hint: 'Check the indentation and that every key is followed by a colon and a space.',
    });
  }
  const data: unknown = dropEmpty(toJS(doc, lines, name, opts.code) ?? {});
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new BoardpackError(`${opts.code}-shape`, `${name} should hold settings as "key: value" lines.`, { at: name, hint: opts.hint });
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => describe(schema, issue, data));
  const where = (path: PropertyKey[]) => {
    const node = doc.getIn(path as unknown[], true) as { range?: [number, number, number] } | undefined;
    return node?.range ? `line ${lines.linePos(node.range[0]).line}` : null;
  };
  const list = problems.map((p) => `  ${p.path || '(top level)'}${where(p.nodePath) ? ` (${where(p.nodePath)})` : ''}: ${p.message}`).join('\n');
  throw new BoardpackError(`${opts.code}-invalid`, `${name} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${list}`, {
    at: name,
    hint: opts.hint,
  });
}

/**
 * Aliases (`*name`) repeat what an anchor (`&name`) holds, so a few lines can stand for billions of
 * values ("billion laughs"). Past MAX_ALIASES expansions the file is refused, naming the first alias.
 */
export const MAX_ALIASES = 100;

function toJS(doc: Document.Parsed, lines: LineCounter, name: string, code: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    let line: number | null = null;
    visit(doc, {
      Alias(_, node) {
        if (node.range) line = lines.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const where = line === null ? '' : ` line ${line}`;
    const aliases = /alias/i.test(why);
    throw new BoardpackError(
      `${code}-yaml`,
      aliases
        ? `${name}${where}: its aliases (*name) repeat an anchor (&name) more than ${MAX_ALIASES} times over, so it was not read (a file built this way can exhaust memory).`
        : `${name}${where}: ${why}`,
      {
        at: `${name}${line === null ? '' : `:${line}`}`,
        hint: aliases ? 'Write the repeated settings out in full instead of using & anchors and * aliases.' : 'Check the YAML at that line.',
        cause: e,
      },
    );
  }
}

/** `indicators:` with nothing after it is YAML null; read an empty key as one not given. */
function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, dropEmpty(v)]),
  );
}

interface Problem {
  path: string;
  nodePath: PropertyKey[];
  message: string;
}

function describe(schema: z.ZodType, issue: z.core.$ZodIssue, data: unknown): Problem[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(schema, path);
    return issue.keys.map((key) => {
      const near = nearest(key, known);
      return {
        path: fmtPath([...path, key]),
        nodePath: [...path, key],
        message: `unknown key${near ? `; did you mean "${near}"?` : ''} (valid here: ${known.join(', ')})`,
      };
    });
  }
  const value = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);
  const message =
    value === undefined && issue.code === 'invalid_type'
      ? `required (${issue.message.replace(/^Invalid input: /, '')})`
      : issue.message.replace(/^Invalid input: /, '');
  return [{ path: fmtPath(path), nodePath: path, message }];
}

/** The keys the schema allows at a path, found by walking objects, arrays, optionals and defaults. */
function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    let cur = x as { unwrap?: () => unknown; def?: { type?: string; in?: unknown; innerType?: unknown } };
    for (let i = 0; i < 10; i++) {
      if (cur.def?.type === 'pipe') cur = cur.def.in as typeof cur;
      else if (typeof cur.unwrap === 'function' && cur.def?.type !== 'object' && cur.def?.type !== 'array') cur = cur.unwrap() as typeof cur;
      else break;
    }
    return cur;
  };
  for (const key of path) {
    const cur = unwrap(s) as { shape?: Record<string, unknown>; element?: unknown; def?: { type?: string; valueType?: unknown } };
    if (typeof key === 'number' && cur.element) s = cur.element;
    else if (cur.shape && typeof key === 'string') s = cur.shape[key];
    else if (cur.def?.type === 'record') s = cur.def.valueType;
    else return [];
  }
  const shape = (unwrap(s) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function fmtPath(path: PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}

/** The closest valid key by edit distance, if it is close enough to be a typo. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

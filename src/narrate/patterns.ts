import { RE2JS } from 're2js';

/**
 * Patterns a template pack writes (how benchmark names read) are matched by RE2, in time linear in
 * the text: a pattern such as `^(a+)+$` cannot make a build crawl, as JavaScript's own RegExp can.
 */
const compiled = new Map<string, RE2JS>();

function compile(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    compiled.set(pattern, re);
  }
  return re;
}

/** True when `pattern` (case-insensitive) matches anywhere in `text`. */
export const patternMatches = (pattern: string, text: string): boolean => compile(pattern).matcher(text).find();

/** Why a pattern cannot be used, in RE2's words; null when it can. */
export function patternProblem(pattern: string): string | null {
  try {
    compile(pattern);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

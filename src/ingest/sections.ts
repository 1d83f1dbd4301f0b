import type { Section } from '../model/scorecard.js';

/** Creates sections with unique, stable ids and tracks where the reader is. */
export class SectionBook {
  top: Section | null = null;
  current: Section | null = null;
  /** Ids in use, and the first top-level section of each title: a sheet may name thousands. */
  private readonly ids = new Map<string, Section>();
  private readonly tops = new Map<string, Section>();
  private indexed = 0;
  private readonly suffix = new Map<string, number>();

  constructor(private readonly list: Section[]) {}

  enterTop(title: string, note: string | null, at: string | null): Section {
    this.top = this.add(title, note, null, at);
    this.current = this.top;
    return this.top;
  }

  enterChild(parent: Section, title: string, note: string | null, at: string | null): Section {
    this.current = this.add(title, note, parent.id, at);
    return this.current;
  }

  parentOf(section: Section): Section | null {
    this.index();
    return section.parent === null ? null : (this.ids.get(section.parent) ?? null);
  }

  /**
   * Enters the section a section column names. A blank cell under it belongs to the same section,
   * as a grouped column is typed once per group.
   */
  enterByTitle(title: string, at: string | null): Section {
    this.top = this.byTitle(title, at);
    this.current = this.top;
    return this.top;
  }

  /** The section of this title, made on first use (tidy sheets name sections in a column). */
  byTitle(title: string, at: string | null): Section {
    this.index();
    return this.tops.get(title) ?? this.add(title, null, null, at);
  }

  private add(title: string, note: string | null, parent: string | null, at: string | null): Section {
    this.index();
    const base = slug(title) || 'section';
    let id = base;
    if (this.ids.has(id)) {
      // Every suffix below the last one given is taken (ids are never freed), so start from there.
      let n = this.suffix.get(base) ?? 2;
      while (this.ids.has(`${base}-${n}`)) n++;
      id = `${base}-${n}`;
      this.suffix.set(base, n + 1);
    }
    const section: Section = { id, title, note, parent, at };
    this.list.push(section);
    this.index();
    return section;
  }

  /** Brings the indexes up to date with the list (which only grows while sources are read). */
  private index(): void {
    for (; this.indexed < this.list.length; this.indexed++) {
      const s = this.list[this.indexed]!;
      if (!this.ids.has(s.id)) this.ids.set(s.id, s);
      if (s.parent === null && !this.tops.has(s.title)) this.tops.set(s.title, s);
    }
  }
}

export const slug = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

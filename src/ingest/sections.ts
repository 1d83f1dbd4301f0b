import type { Section } from '../model/scorecard.js';

/** Creates sections with unique, stable ids and tracks where the reader is. */
export class SectionBook {
  top: Section | null = null;
  current: Section | null = null;

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
    return this.list.find((s) => s.id === section.parent) ?? null;
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
    return this.list.find((s) => s.title === title && s.parent === null) ?? this.add(title, null, null, at);
  }

  private add(title: string, note: string | null, parent: string | null, at: string | null): Section {
    const base = slug(title) || 'section';
    let id = base;
    for (let n = 2; this.list.some((s) => s.id === id); n++) id = `${base}-${n}`;
    const section: Section = { id, title, note, parent, at };
    this.list.push(section);
    return section;
  }
}

export const slug = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

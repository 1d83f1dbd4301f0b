import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const require = createRequire(import.meta.url);

/** Debian's Chromium, or the one CHROMIUM names. puppeteer-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The browser's path; a missing browser fails the tests that need it, saying how to install it (never a silent skip). */
export function chromiumPath(path = CHROMIUM): string {
  if (!existsSync(path)) {
    throw new Error(
      `The HTML page's browser tests need Chromium at ${path}, and it is not there. Install it (Debian/Ubuntu, as root): apt-get install -y --no-install-recommends chromium; or set CHROMIUM to a Chromium or Chrome binary. .ci/run installs it.`,
    );
  }
  return path;
}

export interface OpenBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Headless Chromium with nothing of its own reaching the network (the machine's is closed too), in a fresh profile. */
export async function launchChromium(): Promise<OpenBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'boardpack-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a file in a new page, every request it makes intercepted: the file itself and data: URLs
 * load, anything else is stopped and listed in `requests`.
 */
export async function openFile(browser: Browser, file: string, width: number): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  const self = pathToFileURL(file).href;
  const requests: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url === self || url.startsWith('data:')) void request.continue();
    else {
      requests.push(url);
      void request.abort();
    }
  });
  await page.goto(self, { waitUntil: 'load' });
  return { page, requests };
}

export interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core's WCAG 2.0 and 2.1 A and AA rules on the page; the violations, if any. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, ...(n.failureSummary ? { failureSummary: n.failureSummary } : {}) })),
    }));
  });
}

/** The fonts the browser drew an element's text in (those that drew a glyph), each marked when it is the system's rather than the page's own; sorted. */
export async function fontsUsed(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`nothing on the page matches ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts
      .filter((f) => f.glyphCount > 0)
      .map((f) => `${f.familyName}${f.isCustomFont ? '' : ' (system)'}`)
      .sort();
  } finally {
    await cdp.detach();
  }
}

// The README's pictures of the web page: builds the sample's page (from dist/: `npm run build`
// first) and photographs it in Chromium at a desktop width (the scorecard) and a phone's (an
// indicator's detail). `node scripts/screenshots.mjs` writes docs/html-desktop.png and docs/html-phone.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { buildPack } from '../dist/index.js';

const repo = new URL('../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'boardpack-shots-'));
process.env.SOURCE_DATE_EPOCH ??= '1774000000';
const built = await buildPack(join(repo, 'inputs/report.yaml'), { out: join(work, 'pack.pdf'), formats: ['html'] });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--user-data-dir=${join(work, 'profile')}`,
  ],
});
try {
  const shots = [
    { file: 'docs/html-desktop.png', width: 1280, height: 860, scale: 1, at: '#s-safeguarding-and-child-protection' },
    { file: 'docs/html-phone.png', width: 390, height: 844, scale: 1.5, at: '#indicator-11' },
  ];
  for (const shot of shots) {
    const page = await browser.newPage();
    await page.setViewport({ width: shot.width, height: shot.height, deviceScaleFactor: shot.scale });
    await page.goto(pathToFileURL(built.html.path).href, { waitUntil: 'load' });
    const top = await page.$eval(shot.at, (e) => e.getBoundingClientRect().top + window.scrollY);
    await page.screenshot({
      path: join(repo, shot.file),
      clip: { x: 0, y: Math.max(0, top - 16), width: shot.width, height: shot.height },
      captureBeyondViewport: true,
    });
    await page.close();
    console.log(`wrote ${shot.file}`);
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}

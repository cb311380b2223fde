import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildUsageReport, renderUsageHtml } from '@agentship/core/usage';
import { AS_OF, generateMonth, LEAKED_KEY, toJsonl } from './month.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`dashboard.test.ts: skipped, ${CHROMIUM} is missing (apt-get install -y chromium).`);

/** Where the screenshot is kept for a person to look at: $AGENTSHIP_SCREENSHOT_DIR or a temporary folder. */
const OUT = process.env.AGENTSHIP_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'agentship-dashboard-'));

describe.skipIf(!hasChromium)('the HTML dashboard in headless Chromium', () => {
  let browser: BrowserContext;
  let htmlPath: string;
  let html: string;
  beforeAll(async () => {
    const usage = join(OUT, 'month.jsonl');
    writeFileSync(usage, toJsonl(generateMonth()));
    const report = await buildUsageReport({ paths: [usage], asOf: AS_OF, budgets: { production: { budgetUsd: 400, alertLevels: [70, 90, 100] } } });
    html = renderUsageHtml(report);
    htmlPath = join(OUT, 'dashboard.html');
    writeFileSync(htmlPath, html);
    // A fresh profile each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'agentship-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is one file with no script and no reference to the network', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toContain(LEAKED_KEY);
  });

  it('renders its charts and tables offline, and the screenshot shows them', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(`file://${htmlPath}`);
    expect(requests).toEqual([]);
    expect(await page.title()).toBe('agentship usage report 2025-06-30');

    // Charts: the budget burn-up, the stacked cost bars, the error-rate and quality lines.
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(4);
    const bars = page.locator('svg[aria-label^="Daily cost"] rect');
    expect(await bars.count()).toBeGreaterThanOrEqual(30 * 4);
    const box = await bars.first().boundingBox();
    expect(box!.height).toBeGreaterThan(0);
    // The planted cost spike is marked on its day.
    expect(await page.locator('svg[aria-label^="Daily cost"] path title').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('production/triage: cost')]));
    const findings = await page.locator('ul.findings li').allTextContents();
    expect(findings.some((f) => f.includes('summarizer') && f.startsWith('stall'))).toBe(true);
    expect(findings.some((f) => f.startsWith('failures') && f.includes('release-manager'))).toBe(true);
    expect(await page.locator('table').first().textContent()).toContain('production');

    const shot = join(OUT, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    // PNG signature: a real image was written.
    expect(readFileSync(shot).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    await page.close();
  });

  it('keeps its layout on a phone-sized screen', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`file://${htmlPath}`);
    const width = (await page.locator('svg[role="img"]').first().boundingBox())!.width;
    expect(width).toBeLessThanOrEqual(390);
    expect(width).toBeGreaterThan(300);
    await page.close();
  });
});

import type { INestApplication } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { AS_ADMIN, openTestSecurity } from '../../../test/support/test-security';
import type { CaseServiceHarness } from '../../case-service/test/case-service.harness';
import { startCaseService } from '../../case-service/test/case-service.harness';
import { CONTENT_SECURITY_POLICY } from '../src/dashboard/dashboard.http.controller';
import { createProjectionsApp } from '../src/projections.app';
import { mulberry32 } from './support/log-generator';
import type { ProgressReport, ProjectionsReport } from './support/projections-process';
import { ROOT, sleep } from '../../../test/support/app-process';

/** Debian's Chromium, driven by playwright-core (no browser download). */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
  '--disable-component-update', '--disable-sync'];
const SCREENSHOT = join(ROOT, 'docs/dashboard.png');

const FISCAL_YEAR = 2013;
const PLAN = [
  { program: 'employment-support', metric: 'visits', period: 'month', target: 80 },
  { program: 'employment-support', metric: 'placements', period: 'fiscal-year', target: 40 },
  { program: 'welfare-to-work', metric: 'visits', period: 'month', target: 32 },
  { program: 'piecework', metric: 'services', period: 'fiscal-year', target: 48 },
  { program: 'employer-support', metric: 'companies', period: 'fiscal-year', target: 30 },
] as const;

type ImportLine = Readonly<{ method: 'POST' | 'PUT'; path: string; body: Readonly<Record<string, unknown>> }>;

/**
 * A busy but plausible centre, as /imports lines in independent groups (one per stream) that may
 * run at once: per month a case per program that gets the month's records (visits around the
 * monthly goals with a dip in August and at New Year, a few placements, piecework services), and an
 * employer surveyed a few times a month.
 */
function yearOfRecords(fiscalYear: number, scale: number): ImportLine[][] {
  const random = mulberry32(fiscalYear);
  const season = [1.05, 1.1, 1, 0.95, 0.8, 1, 1.1, 1.05, 0.85, 0.9, 1, 1.1];
  const employerId = `fy${fiscalYear}-surveyed`;
  const surveys: ImportLine[] = [{ method: 'POST', path: '/employers', body: { employerId, name: 'Shinagawa Building Services', occurredAt: `${fiscalYear}-04-01T09:00:00+09:00` } }];
  const cases = season.flatMap((factor, i) => {
    const month = new Date(Date.UTC(fiscalYear, 3 + i, 1)).toISOString().slice(0, 7);
    const day = (n: number) => `${month}-${String(2 + (n % 26)).padStart(2, '0')}T10:00:00+09:00`;
    const times = (mean: number) => Array.from({ length: Math.round(mean * factor * scale * (0.9 + random() * 0.2)) }, (_, n) => n);
    const openCase = (program: string, caseId: string): ImportLine => ({ method: 'POST', path: '/cases', body: {
      caseId, clientRef: caseId, ageBand: '40-44', agency: 'ward', programs: [program], occurredAt: `${month}-01T09:00:00+09:00`,
      desiredConditions: { employmentType: 'part-time', jobCategories: ['cleaning'] },
    } });
    const consultation = (program: string, caseId: string) => (n: number): ImportLine => ({ method: 'POST', path: `/cases/${caseId}/consultations`, body: {
      program, channel: 'in-person', kind: program === 'piecework' ? 'piecework' : 'job-consultation', navigatorId: 'nav-07', occurredAt: day(n),
    } });
    const placement = (program: string, caseId: string) => (n: number): ImportLine => ({ method: 'POST', path: `/cases/${caseId}/placements`, body: {
      program, employerId: 'shinagawa-building-services', jobTitle: 'Daily cleaning of apartment buildings', employmentType: 'part-time',
      startDate: day(n).slice(0, 10), confirmedBy: 'employer-report', occurredAt: day(n),
    } });
    surveys.push(...times(2.7).map((n): ImportLine => ({
      method: 'POST', path: `/employers/${employerId}/hiring-outlooks`, body: { program: 'employer-support', expectedHires: 2, occurredAt: day(n) },
    })));
    const [employment, welfare, piecework] = ['employment-support', 'welfare-to-work', 'piecework'].map((program) => `${program}-${month}`) as [string, string, string];
    return [
      [openCase('employment-support', employment), ...times(84).map(consultation('employment-support', employment)), ...times(3.6).map(placement('employment-support', employment))],
      [openCase('welfare-to-work', welfare), ...times(31).map(consultation('welfare-to-work', welfare))],
      [openCase('piecework', piecework), ...times(2.9).map(consultation('piecework', piecework)), ...times(0.9).map(placement('piecework', piecework))],
    ];
  });
  return [surveys, ...cases];
}

describe('the live dashboard in a real browser', () => {
  let caseService: CaseServiceHarness;
  let projections: INestApplication;
  let port = 0;
  let browser: Browser;
  let page: Page;
  let dashboardUrl: string;
  /** Console errors, page errors and requests that left the app, each failing the test it happens in. */
  let problems: string[] = [];
  /** While the test stops the app on purpose, Chromium reports its refused reconnection attempts on the console. */
  let outage = false;

  const startProjections = async () => {
    projections = await createProjectionsApp(
      {
        eventStore: caseService.store, readModels: caseService.sql, security: await openTestSecurity(caseService.sql),
        options: { timeZone: 'Asia/Tokyo', batchSize: 500, pollIntervalMs: 200 },
      },
      { logger: ['error'] },
    );
    await projections.listen(port, '127.0.0.1');
    port = (projections.getHttpServer().address() as AddressInfo).port;
  };
  /** Ends open streams too, as a stopped process would, instead of waiting for the browser to leave. */
  const stopProjections = async () => {
    projections.getHttpServer().closeAllConnections();
    await projections.close();
  };

  const counter = (goal: string) => page.locator(`[data-counter="${goal}"]`);
  const expectCounter = (goal: string, value: number) => page.locator(`[data-counter="${goal}"][data-value="${value}"]`).waitFor({ timeout: 10_000 });
  const counterValue = async (goal: string) => Number(await counter(goal).getAttribute('data-value'));
  const consult = (occurredAt: string) => caseService.http().post('/cases/employment-support-2014-03/consultations')
    .send({ program: 'employment-support', channel: 'phone', kind: 'job-consultation', navigatorId: 'nav-07', occurredAt }).expect(201);
  /** Every request of the test to the projections app (the browser makes its own). */
  const projectionsGet = async <T>(path: string): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: AS_ADMIN });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const caughtUp = async () => {
    for (;;) {
      const { logEvents, versions } = await projectionsGet<ProjectionsReport>('/projections');
      if (versions.every((v) => v.status === 'retired' || v.eventsProcessed >= logEvents)) return;
      await sleep(100);
    }
  };
  const labelTexts = () => page.locator('[data-label]').evaluateAll((elements) => elements.map((e) => e.textContent ?? ''));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`The dashboard test drives Debian's Chromium at ${CHROMIUM}; install it with: apt-get install -y --no-install-recommends chromium`);
    }
    caseService = await startCaseService('postgres');
    await startProjections();

    const groups = [[{ method: 'PUT', path: `/plans/${FISCAL_YEAR}`, body: { targets: PLAN } }], ...yearOfRecords(FISCAL_YEAR - 1, 0.9), ...yearOfRecords(FISCAL_YEAR, 1)];
    const failed: unknown[] = [];
    await Promise.all(Array.from({ length: 6 }, async () => {
      for (let group = groups.shift(); group; group = groups.shift()) {
        const results = (await caseService.http().post('/imports').set('Content-Type', 'application/x-ndjson')
          .send(group.map((line) => JSON.stringify(line)).join('\n')).expect(200)).text.trim().split('\n');
        failed.push(...results.map((line) => JSON.parse(line) as { status: number }).filter((result) => result.status >= 300));
      }
    }));
    expect(failed).toEqual([]);
    await caughtUp();

    // A wall screen gets the least role that may show the dashboard; the page keeps it in a cookie.
    const viewer = (await caseService.http().post('/tokens').send({ role: 'viewer', userId: 'wall-screen-1' }).expect(201)).body.token as string;
    dashboardUrl = `http://127.0.0.1:${port}/dashboard?access_token=${encodeURIComponent(viewer)}`;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    page.on('console', (message) => {
      const cutStream = outage && message.location().url.includes('/progress/stream') && message.text().includes('net::ERR_');
      if ((message.type() === 'error' || message.type() === 'warning') && !cutStream) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.route((url) => url.host !== `127.0.0.1:${port}`, async (route) => {
      problems.push(`request outside the app: ${route.request().url()}`);
      await route.abort();
    });
  }, 180_000);

  afterEach(() => {
    const seen = problems;
    problems = [];
    expect(seen).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await projections?.close();
    await caseService?.close();
  });

  it('given a viewer token, when the dashboard opens, then the picker shows this fiscal year by its Reiwa name, the token leaves the address bar and only the app may serve the page', async () => {
    // The page's clock only prints "updated at"; fixed, it keeps the committed picture the same from run to run.
    await page.clock.setFixedTime(new Date('2014-03-31T17:30:00+09:00'));
    const response = await page.goto(dashboardUrl);

    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.url()).not.toContain('access_token');
    const today = new Date(Date.now() + 9 * 3_600_000);
    const fiscalYear = today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
    const reiwa = fiscalYear === 2019 ? '元' : String(fiscalYear - 2018);
    expect(await page.locator('#fiscal-year option:checked').textContent()).toBe(`令和${reiwa}年度（${fiscalYear}年度）`);
  });

  it('given a year of records, when FY2013 is picked, then it shows as 平成25年度 with its figures, live', async () => {
    await page.locator('#fiscal-year').selectOption(String(FISCAL_YEAR));

    await page.locator(`#cards .grid[data-fiscal-year="${FISCAL_YEAR}"]`).waitFor();
    expect(await page.locator('#fiscal-year option:checked').textContent()).toBe('平成25年度（2013年度）');
    expect(await page.locator('#as-of').inputValue()).toBe('2014-03-31');
    expect(page.url()).toContain(`fiscalYear=${FISCAL_YEAR}`);
    const progress = await projectionsGet<ProgressReport>(`/progress?fiscalYear=${FISCAL_YEAR}&asOf=2014-03-31&program=employment-support`);
    expect(await counterValue('employment-support/visits')).toBe(progress.programs['employment-support']!['visits']!.byMonth['2014-03']);
    expect(await page.locator('.card[data-goal]').count()).toBe(PLAN.length);
    await page.locator('#connection[data-state="live"]').waitFor();
  });

  it('when the language is switched with the keyboard, then every label changes to English and back', async () => {
    const japanese = await labelTexts();
    await page.locator('button[data-language="en"]').focus();
    await page.keyboard.press('Enter');

    const english = await labelTexts();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(english).toHaveLength(japanese.length);
    expect(english.filter((text, i) => text === japanese[i])).toEqual([]);
    const withoutEraNames = english.map((text) => text.replace(/(平成|令和)(元|\d+)年度/g, ''));
    expect(withoutEraNames.filter((text) => /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]/.test(text))).toEqual([]);

    await page.locator('button[data-language="ja"]').click();
    expect(await labelTexts()).toEqual(japanese);
    await page.locator('button[data-language="en"]').click();
  });

  it('when a consultation is recorded through case-service, then its counter goes up without a reload', async () => {
    const before = await counterValue('employment-support/visits');
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

    await consult('2014-03-28T15:00:00+09:00');

    await expectCounter('employment-support/visits', before + 1);
    expect(await page.evaluate(() => 'notReloaded' in globalThis)).toBe(true);
    expect(await page.locator('#announcer').textContent()).toBe(`Employment support for residents, Consultations and referrals (visits): ${before + 1} visits`);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, animations: 'disabled' });
  });

  it('when the projections app stops and starts again on the same port, then the page shows it and follows again', async () => {
    const before = await counterValue('employment-support/visits');
    outage = true;
    await stopProjections();
    await page.locator('#connection[data-state="disconnected"]').waitFor();

    await startProjections();
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 20_000 });
    outage = false;
    await consult('2014-03-29T15:00:00+09:00');

    await expectCounter('employment-support/visits', before + 1);
    expect(await page.evaluate(() => 'notReloaded' in globalThis)).toBe(true);
  });
});


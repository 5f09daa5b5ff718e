// The lab UI's main flows in the Electron window, with the same role/label
// helpers as the browser edition: the seed lecture in the builder, pasted
// code, step-through and chart, save, relaunch and reopen with identical
// values. Skipped, printing why, where Electron's binary is missing.
import { test, expect, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchApp, whyNotRunnable } from './electron_app';
import { consoleText, newExperiment, openExample, pasteScript, run, variableRow } from '../support/fixtures';

const skipReason = whyNotRunnable();
if (skipReason) console.log(`[electron UI flows] skipped: ${skipReason}`);

const seedStdout = readFileSync('tests/corpus/expected/001_seed_course_loss.stdout', 'utf8');
const seedScript = readFileSync('tests/corpus/001_seed_course_loss.py', 'utf8');

test.describe('Electron UI flows', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.describe.configure({ mode: 'serial' });

  let userData: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    userData = mkdtempSync(path.join(tmpdir(), 'agl-electron-ui-'));
    ({ app, page } = await launchApp(userData));
  });
  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('the seed lecture in the builder, saved', async () => {
    await newExperiment(page);
    await page.getByRole('group', { name: 'Tensor x' }).getByRole('textbox', { name: 'Expected gradient of x' }).fill('2*x');
    await page.getByRole('textbox', { name: 'Experiment name' }).fill('Seed lecture');
    await run(page);
    expect(await consoleText(page)).toBe(seedStdout);
    await page.keyboard.press('ControlOrMeta+s');
    await expect(page.getByRole('status').filter({ hasText: 'Saved “Seed lecture”' })).toBeVisible();
  });

  test('pasted code, graph step-through and the chart', async () => {
    await newExperiment(page);
    await pasteScript(page, seedScript);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByRole('tablist', { name: 'Results' })).toContainText('Done');
    expect(await consoleText(page)).toBe(seedStdout);
    await page.getByRole('tab', { name: 'Graph' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('status', { name: 'Current step' })).toContainText('Step 1 of');
    await openExample(page, 'x² − 5 and its gradient 2x');
    await run(page);
    await page.getByRole('tab', { name: 'Gradients' }).click();
    await expect(page.getByLabel('Chart points')).toContainText('5 autograd points');
  });

  test('relaunch and reopen with identical values', async () => {
    await page.getByRole('button', { name: 'Open Seed lecture' }).click();
    await expect(page.getByRole('tablist', { name: 'Results' })).toContainText('Done');
    const before = await variableRow(page, 'x');
    await app.close();
    ({ app, page } = await launchApp(userData));
    await page.getByRole('button', { name: 'Open Seed lecture' }).click();
    await expect(page.getByRole('tablist', { name: 'Results' })).toContainText('Done');
    expect(await variableRow(page, 'x')).toEqual(before);
  });
});

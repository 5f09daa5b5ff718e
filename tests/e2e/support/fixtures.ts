// Playwright fixtures: a fresh lab server with its own database per test, a
// page that fails the test on any console error or page error, and helpers
// that drive the UI by role and label only.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLab, type LabServer } from './lab_server';

export { expect };

export interface LabFixtures {
  lab: LabServer;
  workdir: string;
  /** Console errors and page errors seen during the test (asserted empty at the end). */
  consoleErrors: string[];
}

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../artifacts/screenshots');

export const test = base.extend<LabFixtures>({
  // Playwright requires the destructuring pattern here, even when a fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  workdir: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'autograd-lab-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  lab: async ({ workdir }, use) => {
    const server = await startLab(path.join(workdir, 'lab.db'));
    await use(server);
    await server.stop();
  },
  // Automatic: every test fails if its page logs an error.
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
});

export async function openLab(page: Page, lab: LabServer): Promise<void> {
  await page.goto(lab.url);
  await expect(page.getByRole('heading', { name: 'Autograd Lab', exact: true })).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

export async function newExperiment(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Experiment name' })).toBeVisible();
}

export async function openExample(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('dialog', { name: 'Examples' }).getByRole('button', { name: `Open example: ${title}` }).click();
  await expect(page.getByRole('textbox', { name: 'Experiment name' })).toHaveValue(title);
}

/** Clicks Run and waits for the run to finish (the Run button comes back). */
export async function run(page: Page): Promise<void> {
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('button', { name: '▶ Run' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('tablist', { name: 'Results' })).toContainText(/Done|Stopped with an error/);
}

export async function consoleText(page: Page): Promise<string> {
  await page.getByRole('tab', { name: 'Console' }).click();
  return (await page.getByLabel('Console output').textContent()) ?? '';
}

/** Replaces the whole script in Code mode, as a paste would. */
export async function pasteScript(page: Page, script: string): Promise<void> {
  await page.getByRole('button', { name: 'Code', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'Python script' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(script);
}

/** The Variables row for `name`, as {column header: cell text}. */
export async function variableRow(page: Page, name: string): Promise<Record<string, string>> {
  await page.getByRole('tab', { name: 'Variables' }).click();
  const table = page.getByRole('table', { name: 'Variables' });
  const headers = (await table.getByRole('columnheader').allTextContents()).map((h) => h.trim());
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}\\b`) }) });
  const cells = [...(await row.getByRole('rowheader').allTextContents()), ...(await row.getByRole('cell').allTextContents())];
  return Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()]));
}

// Polish: every control has an accessible name in every main view, the help
// overlay opens with "?", dark and light themes follow the OS, and the main
// views are captured as screenshots for the README.
import { test, expect, openLab, openExample, run, screenshot } from './support/fixtures';
import type { Page } from '@playwright/test';

/** Controls listed in the accessibility tree without a name, e.g. `- button` or `- textbox [disabled]`. */
async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  return snapshot
    .split('\n')
    .filter((line) => /^\s*- (button|textbox|checkbox|combobox|radio|tab|slider|spinbutton|searchbox|separator|switch|link)(\s*\[[^\]]*\])*\s*:?$/.test(line));
}

test('every control has an accessible name, in every view', async ({ page, lab, consoleErrors }) => {
  await openLab(page, lab);
  expect(await unnamedControls(page)).toEqual([]);
  await screenshot(page, '00-welcome');
  await openExample(page, 'Q = 3a³ − b²');
  await run(page);
  for (const tab of ['Console', 'Variables', 'Graph', 'Gradients']) {
    await page.getByRole('tab', { name: tab }).click();
    expect(await unnamedControls(page), `${tab} tab`).toEqual([]);
  }
  await page.getByRole('button', { name: 'Code', exact: true }).click();
  expect(await unnamedControls(page), 'Code mode').toEqual([]);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  expect(await unnamedControls(page), 'Examples dialog').toEqual([]);
  await page.keyboard.press('Escape');
  expect(consoleErrors).toEqual([]);
});

test('"?" opens the keyboard shortcuts; Alt+4 and Escape work', async ({ page, lab }) => {
  await openLab(page, lab);
  await openExample(page, 'x² − 5 and its gradient 2x');
  await page.getByRole('heading', { name: 'Autograd Lab', exact: true }).click();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Run the script');
  await screenshot(page, '10-help');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('tab', { name: 'Gradients' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('math', { name: '∂loss/∂x = 2*x' })).toBeVisible();
});

test('the dark theme follows the OS', async ({ page, lab }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLab(page, lab);
  // The page background is the theme's --bg: #14171c dark, #f6f7f9 light (renderer/src/app.css).
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(20, 23, 28)');
  await openExample(page, 'x² − 5 and its gradient 2x');
  await run(page);
  await page.getByRole('tab', { name: 'Gradients' }).click();
  await expect(page.getByRole('img', { name: 'Gradient of loss with respect to x' })).toBeVisible();
  await screenshot(page, '11-dark-gradients');
  await page.getByRole('tab', { name: 'Graph' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await screenshot(page, '12-dark-graph');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(246, 247, 249)');
});

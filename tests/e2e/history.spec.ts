// Revision history: the History dialog lists an experiment's saved revisions
// newest first, shows an old one read-only without touching the open document,
// restores it as a new newest revision, asks before dropping unsaved edits,
// explains a conflict with another window, and works from the keyboard.
import type { Page } from '@playwright/test';
import { test, expect, openLab, newExperiment, pasteScript, screenshot } from './support/fixtures';

const SCRIPTS = [
  "import torch\nx = torch.tensor([1., 2.], requires_grad=True)\nprint('first version')\n",
  "import torch\nx = torch.tensor([3., 4.], requires_grad=True)\nprint('second version')\n",
  "import torch\nx = torch.tensor([5., 6.], requires_grad=True)\nprint('third version')\n",
];

async function save(page: Page, revision: number): Promise<void> {
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByRole('status').filter({ hasText: `(revision ${revision})` })).toBeVisible();
}

/** New experiment "Versions": revision 1 as created, then one revision per script (2, 3, 4). */
async function threeRevisions(page: Page): Promise<void> {
  await newExperiment(page);
  await page.getByRole('textbox', { name: 'Experiment name' }).fill('Versions');
  for (const [i, script] of SCRIPTS.entries()) {
    await pasteScript(page, script);
    await save(page, i + 2);
  }
}

function historyDialog(page: Page) {
  return page.getByRole('dialog', { name: 'History of “Versions”' });
}

async function revisionNumbers(page: Page): Promise<number[]> {
  const options = historyDialog(page).getByRole('listbox', { name: 'Revisions, newest first' }).getByRole('option');
  const names = await options.evaluateAll((els) => els.map((el) => el.querySelector('strong')?.textContent ?? ''));
  return names.map((text) => Number(/Revision (\d+)/.exec(text)?.[1]));
}

/** The dialog's report of the last restore (a loading message may be another status meanwhile). */
const restored = (page: Page) => historyDialog(page).getByRole('status').filter({ hasText: 'was restored as' });

const editor = (page: Page) => page.getByRole('textbox', { name: 'Python script' });

test('list newest first, view an old revision read-only, restore it as the newest', async ({ page, lab, consoleErrors }) => {
  await openLab(page, lab);
  await threeRevisions(page);

  await page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = historyDialog(page);
  await expect(dialog.getByRole('option')).toHaveCount(4);
  await expect.poll(() => revisionNumbers(page)).toEqual([4, 3, 2, 1]);
  // Newest is selected and is the open one; its save time is readable local time.
  const newest = dialog.getByRole('option', { name: /^Revision 4\b/ });
  await expect(newest).toHaveAttribute('aria-selected', 'true');
  await expect(newest).toContainText('open');
  await expect(newest.locator('time')).toHaveText(/^Today \d/);
  await expect(dialog.getByRole('button', { name: 'Restore this revision' })).toBeDisabled();

  // Revision 2 holds the first pasted script, shown read-only; the document is untouched.
  await dialog.getByRole('option', { name: /^Revision 2\b/ }).click();
  const old = dialog.getByRole('textbox', { name: 'Script of revision 2 (read-only)' });
  await expect(old).toContainText("print('first version')");
  await expect(old).toHaveAttribute('aria-readonly', 'true');
  await old.click();
  await page.keyboard.type('typed into history');
  await expect(old).not.toContainText('typed into history');
  await dialog.getByRole('button', { name: 'Changes to the open document' }).click();
  const changes = dialog.getByLabel('Changes from revision 2 to the open document');
  await expect(changes.locator('del')).toContainText(["print('first version')"]);
  await expect(changes.locator('ins')).toContainText(["print('third version')"]);
  await screenshot(page, '13-history');
  await dialog.getByRole('button', { name: 'Script', exact: true }).click();
  await expect(editor(page)).toContainText("print('third version')");
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeVisible();

  // Restoring saves revision 2's content again as revision 5 and loads it.
  await dialog.getByRole('button', { name: 'Restore this revision' }).click();
  await expect(restored(page)).toHaveText('Revision 2 was restored as revision 5.');
  await expect(dialog.getByRole('option')).toHaveCount(5);
  await expect.poll(() => revisionNumbers(page)).toEqual([5, 4, 3, 2, 1]);
  await expect(dialog.getByRole('option', { name: /^Revision 5\b/ })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByRole('textbox', { name: 'Script of revision 5 (read-only)' })).toContainText("print('first version')");
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(editor(page)).toContainText("print('first version')");
  await expect(editor(page)).not.toContainText('third version');
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeVisible();

  // The store agrees: reopening after a reload shows the restored script.
  await page.reload();
  await page.getByRole('button', { name: 'Open Versions' }).click();
  await expect(editor(page)).toContainText("print('first version')");
  expect(consoleErrors).toEqual([]);
});

test('unsaved edits: restoring asks first; cancel keeps them, save keeps them as a revision', async ({ page, lab }) => {
  await openLab(page, lab);
  await threeRevisions(page);
  await pasteScript(page, "import torch\nprint('unsaved edit')\n");
  await expect(page.getByRole('button', { name: 'Save (unsaved changes)' })).toBeVisible();

  await page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = historyDialog(page);
  await expect(dialog.getByRole('option', { name: /^Revision 4\b/ })).toContainText('open, edited');
  await dialog.getByRole('option', { name: /^Revision 3\b/ }).click();
  await expect(dialog.getByRole('textbox', { name: 'Script of revision 3 (read-only)' })).toContainText("print('second version')");

  // Cancel: nothing is restored and the edit stays.
  await dialog.getByRole('button', { name: 'Restore this revision' }).click();
  const ask = page.getByRole('dialog', { name: 'Restore revision 3' });
  await expect(ask).toContainText('“Versions” has unsaved changes. Save them first?');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(dialog.getByRole('option')).toHaveCount(4);
  await expect(editor(page)).toContainText("print('unsaved edit')");

  // Discard: the edit is dropped and revision 3 comes back as revision 5.
  await dialog.getByRole('button', { name: 'Restore this revision' }).click();
  await ask.getByRole('button', { name: 'Discard changes' }).click();
  await expect(restored(page)).toHaveText('Revision 3 was restored as revision 5.');
  await expect(editor(page)).toContainText("print('second version')");
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeVisible();

  // Save: the edit becomes revision 6, then revision 2 is restored as revision 7.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await pasteScript(page, "import torch\nprint('kept edit')\n");
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await dialog.getByRole('option', { name: /^Revision 2\b/ }).click();
  await dialog.getByRole('button', { name: 'Restore this revision' }).click();
  const askAgain = page.getByRole('dialog', { name: 'Restore revision 2' });
  await expect(askAgain).toContainText('unsaved changes');
  await askAgain.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(restored(page)).toHaveText('Revision 2 was restored as revision 7.');
  await expect.poll(() => revisionNumbers(page)).toEqual([7, 6, 5, 4, 3, 2, 1]);
  await dialog.getByRole('option', { name: /^Revision 6\b/ }).click();
  await expect(dialog.getByRole('textbox', { name: 'Script of revision 6 (read-only)' })).toContainText("print('kept edit')");
  await expect(editor(page)).toContainText("print('first version')");
});

test('keyboard only: Alt+H opens, arrows select, Escape closes; unavailable before a second save', async ({ page, lab }) => {
  await openLab(page, lab);
  await newExperiment(page);
  const button = page.getByRole('button', { name: 'History', exact: true });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('title', /No earlier revisions yet/);
  await expect(button).toHaveAccessibleDescription(/each save adds one/);
  await page.keyboard.press('Alt+h');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'No earlier revisions yet' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Experiment name' }).fill('Versions');
  for (const [i, script] of SCRIPTS.entries()) {
    await pasteScript(page, script);
    await save(page, i + 2);
  }
  await button.focus();
  await page.keyboard.press('Alt+h');
  const dialog = historyDialog(page);
  const newest = dialog.getByRole('option', { name: /^Revision 4\b/ });
  await expect(newest).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = dialog.getByRole('option', { name: /^Revision 2\b/ });
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByRole('textbox', { name: 'Script of revision 2 (read-only)' })).toContainText("print('first version')");
  await page.keyboard.press('End');
  await expect(dialog.getByRole('option', { name: /^Revision 1\b/ })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(newest).toBeFocused();
  expect(await unnamedControls(page)).toEqual([]);

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(button).toBeFocused();
  await expect(editor(page)).toContainText("print('third version')");
});

test('a restore over a save from another window is explained, and can go ahead', async ({ page, lab, browser }) => {
  await openLab(page, lab);
  await threeRevisions(page);

  // Another window saves the same experiment meanwhile (revision 5).
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await openLab(theirs, lab);
  await theirs.getByRole('button', { name: 'Open Versions' }).click();
  await pasteScript(theirs, "import torch\nprint('their version')\n");
  await theirs.keyboard.press('ControlOrMeta+s');
  await expect(theirs.getByRole('status').filter({ hasText: '(revision 5)' })).toBeVisible();
  await other.close();

  await page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = historyDialog(page);
  await expect(dialog.getByRole('option')).toHaveCount(5);
  await dialog.getByRole('option', { name: /^Revision 2\b/ }).click();
  await dialog.getByRole('button', { name: 'Restore this revision' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('“Versions” was saved elsewhere meanwhile: you have revision 4 open, the stored one is now revision 5.');
  await expect(editor(page)).toContainText("print('third version')");
  await alert.getByRole('button', { name: 'Restore anyway' }).click();
  await expect(restored(page)).toHaveText('Revision 2 was restored as revision 6.');
  await expect.poll(() => revisionNumbers(page)).toEqual([6, 5, 4, 3, 2, 1]);
  await expect(editor(page)).toContainText("print('first version')");
});

test('an experiment deleted elsewhere: the error is shown, not a blank panel', async ({ page, lab, browser }) => {
  await openLab(page, lab);
  await threeRevisions(page);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = historyDialog(page);
  await dialog.getByRole('option', { name: /^Revision 3\b/ }).click();
  await expect(dialog.getByRole('textbox', { name: 'Script of revision 3 (read-only)' })).toBeVisible();

  const other = await browser.newContext();
  const theirs = await other.newPage();
  await openLab(theirs, lab);
  await theirs.getByRole('button', { name: 'Delete Versions' }).click();
  await expect(theirs.getByRole('button', { name: 'Open Versions' })).toHaveCount(0);
  await other.close();

  await dialog.getByRole('button', { name: 'Restore this revision' }).click();
  await expect(dialog.getByRole('alert')).toContainText('moved to the trash');
  await expect(dialog.getByRole('textbox', { name: 'Script of revision 3 (read-only)' })).toContainText("print('second version')");
  await expect(editor(page)).toContainText("print('third version')");
});

/** Controls listed in the accessibility tree without a name (as in polish.spec.ts). */
async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  return snapshot
    .split('\n')
    .filter((line) => /^\s*- (button|textbox|checkbox|combobox|radio|tab|slider|spinbutton|searchbox|separator|switch|link|option|listbox)(\s*\[[^\]]*\])*\s*:?$/.test(line));
}

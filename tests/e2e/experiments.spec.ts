// Saving and reopening: a seeded random experiment is saved, the server is
// restarted on the same database, and reopening shows identical values.
// Also: delete to trash and restore, and the unsaved-changes prompt.
import { test, expect, openLab, newExperiment, run, variableRow, screenshot } from './support/fixtures';
import { startLab } from './support/lab_server';

test('save, restart the server, reopen: identical values, builder state and seed', async ({ page, lab, consoleErrors }) => {
  await openLab(page, lab);
  await newExperiment(page);
  const x = page.getByRole('group', { name: 'Tensor x' });
  await x.getByRole('combobox', { name: 'Values from' }).selectOption('randn');
  await x.getByRole('textbox', { name: 'Shape' }).fill('4');
  await page.getByRole('textbox', { name: 'Loss expression' }).fill('(x.sin() * 3).sum()');
  await page.getByRole('textbox', { name: 'Experiment name' }).fill('Random sine');
  await run(page);
  const before = await variableRow(page, 'x');
  const seedBefore = await page.getByRole('textbox', { name: 'Seed', exact: true }).getAttribute('placeholder');
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByRole('status').filter({ hasText: 'Saved “Random sine”' })).toBeVisible();

  await lab.stop();
  const again = await startLab(lab.dbPath);
  try {
    await openLab(page, again);
    await page.getByRole('button', { name: 'Open Random sine' }).click();
    // The saved result shows at once; the re-run must agree with it.
    await expect(page.getByRole('tablist', { name: 'Results' })).toContainText('Done');
    const after = await variableRow(page, 'x');
    expect(after.value).toBe(before.value);
    expect(after['.grad']).toBe(before['.grad']);
    const seedAfter = await page.getByRole('textbox', { name: 'Seed', exact: true }).inputValue();
    expect(seedBefore).toContain(`(${seedAfter})`);
    const reopened = page.getByRole('group', { name: 'Tensor x' });
    await expect(reopened.getByRole('combobox', { name: 'Values from' })).toHaveValue('randn');
    await expect(reopened.getByRole('textbox', { name: 'Shape' })).toHaveValue('4');
    await expect(page.getByRole('textbox', { name: 'Loss expression' })).toHaveValue('(x.sin() * 3).sum()');
    await screenshot(page, '08-reopened');
  } finally {
    await again.stop();
  }
  expect(consoleErrors).toEqual([]);
});

test('delete to the trash and restore', async ({ page, lab }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await page.getByRole('textbox', { name: 'Experiment name' }).fill('Keep me');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByRole('button', { name: 'Open Keep me' })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search experiments' });
  await search.fill('zebra');
  await expect(page.getByText('Nothing matches “zebra”.')).toBeVisible();
  await search.fill('keep');
  await expect(page.getByRole('button', { name: 'Open Keep me' })).toBeVisible();
  await search.fill('');
  await page.getByRole('button', { name: 'Delete Keep me' }).click();
  await expect(page.getByRole('button', { name: 'Open Keep me' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show trash' }).click();
  await expect(page.getByRole('list', { name: 'Experiments in the trash' })).toContainText('Keep me');
  await page.getByRole('button', { name: 'Restore Keep me' }).click();
  await page.getByRole('button', { name: 'Back to experiments' }).click();
  await expect(page.getByRole('button', { name: 'Open Keep me' })).toBeVisible();
});

test('unsaved changes are kept as a draft and the user is asked before losing them', async ({ page, lab }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await page.getByRole('textbox', { name: 'Loss expression' }).fill('x**3');
  await expect(page.getByRole('button', { name: /\(unsaved\)$/ })).toBeVisible();
  // A reload keeps the edit (draft in localStorage).
  await page.waitForTimeout(600);
  await page.reload();
  await page.getByRole('button', { name: /^Open Experiment/ }).click();
  await expect(page.getByRole('textbox', { name: 'Loss expression' })).toHaveValue('x**3');
  // Opening something else asks first.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a new experiment' });
  await expect(dialog).toContainText('unsaved changes');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('textbox', { name: 'Loss expression' })).toHaveValue('x**3');
});

test('a save conflict is explained and can be resolved either way', async ({ page, lab, browser }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await page.getByRole('textbox', { name: 'Experiment name' }).fill('Shared');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByRole('button', { name: 'Open Shared' })).toBeVisible();

  // Someone else (another window) saves the same experiment meanwhile.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await openLab(theirs, lab);
  await theirs.getByRole('button', { name: 'Open Shared' }).click();
  await theirs.getByRole('textbox', { name: 'Loss expression' }).fill('x**3');
  await theirs.getByRole('button', { name: /^Save/ }).click();
  await expect(theirs.getByRole('status').filter({ hasText: 'revision 3' })).toBeVisible();
  await other.close();

  await page.getByRole('textbox', { name: 'Loss expression' }).fill('x**4');
  await page.keyboard.press('ControlOrMeta+s');
  const dialog = page.getByRole('dialog', { name: 'Saved elsewhere meanwhile' });
  await expect(dialog).toContainText('“Shared” was saved elsewhere');
  await expect(dialog).toContainText('the stored one is now revision 3');
  await screenshot(page, '09-conflict');
  await dialog.getByRole('button', { name: 'Reload theirs' }).click();
  await expect(page.getByRole('textbox', { name: 'Loss expression' })).toHaveValue('x**3');

  // Editing again from their revision saves normally; a forced overwrite also works.
  await page.getByRole('textbox', { name: 'Loss expression' }).fill('x**5');
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByRole('status').filter({ hasText: 'revision 4' })).toBeVisible();
});

test('export to a file and import it back', async ({ page, lab, workdir }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await page.getByRole('textbox', { name: 'Experiment name' }).fill('Round trip');
  await page.getByRole('textbox', { name: 'Loss expression' }).fill('x.exp().sum()');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByRole('button', { name: 'Open Round trip' })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.autograd-lab\.json$/);
  const file = `${workdir}/${download.suggestedFilename()}`;
  await download.saveAs(file);

  await page.getByRole('button', { name: 'Delete Round trip' }).click();
  await page.getByRole('button', { name: 'Show trash' }).click();
  await page.getByRole('button', { name: 'Delete Round trip for good' }).click();
  await page.getByRole('dialog', { name: 'Delete for good?' }).getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByRole('list', { name: 'Experiments in the trash' })).not.toContainText('Round trip');
  await page.getByRole('button', { name: 'Back to experiments' }).click();

  await page.getByLabel('Import experiments from a file').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 experiment' })).toBeVisible();
  await page.getByRole('button', { name: 'Open Round trip' }).click();
  await expect(page.getByRole('textbox', { name: 'Loss expression' })).toHaveValue('x.exp().sum()');
});

// A long loop shows progress and can be cancelled; the UI stays responsive
// and the next run works.
import { test, expect, openLab, newExperiment, pasteScript, consoleText } from './support/fixtures';

const LONG = `import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
for i in range(1000000):
    y = (x * 2).sum()
print(y)
`;

test('cancel a long loop', async ({ page, lab, consoleErrors }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await pasteScript(page, LONG);
  await page.getByRole('button', { name: '▶ Run' }).click();
  const progress = page.getByRole('progressbar', { name: 'Run progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/iteration \d+ of 1000000/)).toBeVisible();
  // The page still answers while the worker loops.
  await page.getByRole('tab', { name: 'Variables' }).click();
  await expect(page.getByRole('tab', { name: 'Variables' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The run was cancelled' })).toBeVisible();
  await expect(page.getByRole('button', { name: '▶ Run' })).toBeVisible();

  await pasteScript(page, 'import torch\nprint(torch.tensor([1., 2.]) * 2)\n');
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByRole('tablist', { name: 'Results' })).toContainText('Done');
  expect(await consoleText(page)).toBe('tensor([2., 4.])\n');
  expect(consoleErrors).toEqual([]);
});

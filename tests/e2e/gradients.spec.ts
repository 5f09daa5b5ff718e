// The Gradients tab: one chart point per element of the leaf (real PyTorch's
// x.grad has 5), the KaTeX formula, and a loss-per-iteration chart whose
// values match what PyTorch printed in the gradient-descent loop.
import { readFileSync } from 'node:fs';
import { test, expect, openLab, openExample, newExperiment, pasteScript, run, screenshot } from './support/fixtures';

const seedJson = JSON.parse(readFileSync('tests/corpus/expected/001_seed_course_loss.json', 'utf8')) as {
  records: Array<{ print: Array<{ tensor: { data: number[] } }> }>;
};
const descentStdout = readFileSync('tests/corpus/expected/007_gradient_descent_loop.stdout', 'utf8');

test('the gradient chart has one point per element and shows ∂loss/∂x = 2x', async ({ page, lab, consoleErrors }) => {
  const gradCount = seedJson.records[1].print[0].tensor.data.length;
  await openLab(page, lab);
  await openExample(page, 'x² − 5 and its gradient 2x');
  await run(page);
  await page.getByRole('tab', { name: 'Gradients' }).click();
  const counts = page.getByLabel('Chart points');
  await expect(counts).toContainText(`${gradCount} autograd points · ${gradCount} finite-difference points`);
  await expect(counts).toContainText('f and f′ curves');
  await expect(page.getByRole('math', { name: '∂loss/∂x = 2*x' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Agreement' })).toHaveText('✓ autograd agrees');
  await expect(page.getByRole('img', { name: 'Gradient of loss with respect to x' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  expect((await download).suggestedFilename()).toBe('gradient-x.png');
  await screenshot(page, '06-gradients-chart');
  expect(consoleErrors).toEqual([]);
});

test('a training loop charts its loss per iteration', async ({ page, lab }) => {
  const printed = descentStdout.split('\n').filter((l) => /^step \d+: loss /.test(l));
  await openLab(page, lab);
  await openExample(page, 'Gradient descent loop');
  await run(page);
  await page.getByRole('tab', { name: 'Gradients' }).click();
  await expect(page.getByText(`${printed.length} iterations`)).toBeVisible();
  // The last value, printed as PyTorch prints it (4 decimals), is the loop's last `loss {:.4f}`.
  await expect(page.getByText(`last ${printed.at(-1)!.split('loss ')[1]}`)).toBeVisible();
  await expect(page.getByRole('img', { name: 'loss per iteration' })).toBeVisible();
  await screenshot(page, '07-loss-per-iteration');
});

test('10^5 points stay smooth: downsampled series, decimated chart, responsive tabs', async ({ page, lab }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await pasteScript(page, 'import torch\n\nx = torch.linspace(-3, 3, 100000, requires_grad=True)\nloss = (x.sin() * x).sum()\nloss.backward()\n');
  await run(page);
  const started = Date.now();
  await page.getByRole('tab', { name: 'Gradients' }).click();
  await expect(page.getByLabel('Chart points')).toContainText('downsampled from 100000');
  await expect(page.getByRole('img', { name: 'Gradient of loss with respect to x' })).toBeVisible();
  await page.getByRole('tab', { name: 'Variables' }).click();
  await page.getByRole('tab', { name: 'Gradients' }).click();
  await expect(page.getByRole('img', { name: 'Gradient of loss with respect to x' })).toBeVisible();
  expect(Date.now() - started).toBeLessThan(5000);
});

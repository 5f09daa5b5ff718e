// Builder flows: the seed lecture built field by field, a custom gradient=,
// the detach toggle, and inline errors as you type. Expected output comes from
// real PyTorch: the corpus fixtures under tests/corpus/expected.
import { readFileSync } from 'node:fs';
import { test, expect, openLab, newExperiment, openExample, run, consoleText, variableRow, screenshot } from './support/fixtures';

const seedStdout = readFileSync('tests/corpus/expected/001_seed_course_loss.stdout', 'utf8');
const vjpStdout = readFileSync('tests/corpus/expected/008_vjp_custom_gradient.stdout', 'utf8');
interface JsonTensor {
  requires_grad: boolean;
  grad_fn: string | null;
}
const noGradJson = JSON.parse(readFileSync('tests/corpus/expected/003_no_grad_context.json', 'utf8')) as {
  records: Array<{ print?: Array<{ tensor?: JsonTensor }> }>;
};

test('the seed lecture built in the builder prints what PyTorch prints', async ({ page, lab, consoleErrors }) => {
  await openLab(page, lab);
  await newExperiment(page);
  // Start from an empty builder and build x**2 - 5 field by field.
  await page.getByRole('button', { name: 'Remove tensor x' }).click();
  await page.getByRole('button', { name: '+ Add tensor' }).click();
  const x = page.getByRole('group', { name: 'Tensor x' });
  const values = x.getByRole('textbox', { name: 'Values' });

  // Validated as you type, with the column of the problem.
  await values.fill('[1., 2.,, 3.]');
  await expect(x.getByRole('alert')).toContainText('Column 9');
  await values.fill('[[1., 2.], [3.]]');
  await expect(x.getByRole('alert')).toContainText('same length');
  await values.fill('[1., 2., 3., 4., 5.]');
  await expect(x.getByRole('alert')).toHaveCount(0);

  await expect(x.getByRole('checkbox', { name: 'requires_grad' })).toBeChecked();
  await x.getByRole('textbox', { name: 'Expected gradient of x' }).fill('2*x');
  const loss = page.getByRole('textbox', { name: 'Loss expression' });
  await loss.fill('x**2 - y');
  await expect(page.getByRole('alert').filter({ hasText: 'no tensor called "y"' })).toContainText('Column 8');
  await loss.fill('x**2 - 5');
  await expect(page.getByText('The loss has shape [5].')).toBeVisible();
  await expect(page.getByLabel('Generated PyTorch code')).toContainText('loss.backward(gradient=torch.ones(5))');

  await run(page);
  expect(await consoleText(page)).toBe(seedStdout);
  await screenshot(page, '01-builder-seed-lecture');

  const xRow = await variableRow(page, 'x');
  expect(xRow['.grad']).toBe(seedStdout.split('\n')[1]);
  expect(xRow.requires_grad).toBe('True');
  expect(xRow.is_leaf).toBe('True');
  const lossRow = await variableRow(page, 'loss');
  expect(lossRow.grad_fn).toBe('SubBackward0');
  expect(lossRow.value).toBe(seedStdout.split('\n')[0]);
  await screenshot(page, '02-variables');

  // The generated code is what Code mode shows.
  await page.getByRole('button', { name: 'Code', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Python script' })).toContainText('print(x.grad == 2*x)');
  expect(consoleErrors).toEqual([]);
});

test('a custom gradient= is shape-checked and gives the vector-Jacobian product', async ({ page, lab }) => {
  await openLab(page, lab);
  await newExperiment(page);
  const x = page.getByRole('group', { name: 'Tensor x' });
  await x.getByRole('textbox', { name: 'Values' }).fill('[1., 2., 3.]');
  await page.getByRole('textbox', { name: 'Loss name' }).fill('y');
  await page.getByRole('textbox', { name: 'Loss expression' }).fill('x * 2');
  await page.getByRole('radio', { name: 'custom gradient' }).check();
  const gradient = page.getByRole('textbox', { name: 'Custom gradient' });
  await gradient.fill('[0.1, 1.0]');
  await expect(page.getByRole('alert').filter({ hasText: 'gradient has shape' })).toContainText('[2] but the loss has shape [3]');
  await gradient.fill('[0.1, 1.0, 0.0001]');
  await expect(page.getByRole('alert').filter({ hasText: 'gradient has shape' })).toHaveCount(0);
  await run(page);
  // y and x.grad, as real PyTorch printed them for the same script.
  expect(await consoleText(page)).toBe(vjpStdout.split('\n').slice(0, 2).join('\n') + '\n');
});

test('the detach toggle and no_grad toggle show up as flags in Variables', async ({ page, lab }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await page.getByRole('combobox', { name: 'Use a tensor detached' }).selectOption('x');
  await page.getByRole('checkbox', { name: 'call backward()' }).uncheck();
  await run(page);
  const detached = await variableRow(page, 'x_detached');
  expect(detached.requires_grad).toBe('False');
  expect(detached.is_leaf).toBe('True');
  expect(detached.grad_fn).toBe('None');
  expect(detached.Name).toContain('detached');
  expect((await variableRow(page, 'loss')).requires_grad).toBe('False');

  await page.getByRole('combobox', { name: 'Use a tensor detached' }).selectOption('');
  await page.getByRole('checkbox', { name: 'compute under torch.no_grad()' }).check();
  await run(page);
  const loss = await variableRow(page, 'loss');
  expect(loss.requires_grad).toBe('False');
  expect(loss.grad_fn).toBe('None');
  expect((await variableRow(page, 'x')).requires_grad).toBe('True');
});

test('the no_grad example: flags as real PyTorch printed them, and the cut marked', async ({ page, lab }) => {
  // print(d) and print(e) records of the corpus script, from real PyTorch's --json fixture.
  const records = noGradJson.records.filter((r) => r.print?.[0]?.tensor).map((r) => r.print![0].tensor!);
  const [d, e] = [records[records.length - 2], records[records.length - 1]].map((t) => t);
  await openLab(page, lab);
  await openExample(page, 'torch.no_grad()');
  await run(page);
  const dRow = await variableRow(page, 'd');
  expect(dRow.requires_grad).toBe(d.requires_grad ? 'True' : 'False');
  expect(dRow.grad_fn).toBe(d.grad_fn ?? 'None');
  expect(dRow.Name).toContain('no_grad');
  const eRow = await variableRow(page, 'e');
  expect(eRow.requires_grad).toBe(e.requires_grad ? 'True' : 'False');
  expect(eRow.grad_fn).toBe(e.grad_fn ?? 'None');
});

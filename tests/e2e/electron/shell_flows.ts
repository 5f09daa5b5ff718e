// UI steps the Electron shell suite drives, by role and label. Kept apart from
// the Electron launch so they can be checked against the browser edition too.
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** A script whose output real PyTorch 1.13 prints as below (checked with /usr/bin/python3). */
export const SQUARE_SCRIPT = 'import torch\nx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = (x * x).sum()\ny.backward()\nprint(x.grad)\nprint(y)\n';
export const SQUARE_OUTPUT = 'tensor([2., 4., 6.])\ntensor(14., grad_fn=<SumBackward0>)';

/** Creates an experiment, types the script in Code mode, runs it, saves it; returns the console text. */
export async function createRunSave(page: Page, name: string, script: string, expected: string): Promise<string> {
  await page.getByRole('button', { name: /^New( experiment)?$/ }).first().click();
  await page.getByRole('textbox', { name: 'Experiment name' }).fill(name);
  await page.getByRole('button', { name: 'Code', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'Python script' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(script);
  await page.getByRole('button', { name: /Run$/ }).click();
  const console = page.getByLabel('Console output');
  await expect(console).toContainText(expected);
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeVisible();
  return (await console.textContent()) ?? '';
}

/** Opens a saved experiment from the list; returns the console text it shows. */
export async function reopen(page: Page, name: string, expected: string): Promise<string> {
  await page.getByRole('button', { name: `Open ${name}` }).click();
  await expect(page.getByRole('textbox', { name: 'Experiment name' })).toHaveValue(name);
  const console = page.getByLabel('Console output');
  await expect(console).toContainText(expected);
  return (await console.textContent()) ?? '';
}

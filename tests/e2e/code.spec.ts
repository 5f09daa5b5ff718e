// Code mode: a pasted script runs as real PyTorch runs it, a syntax error is
// shown at its line, and scripts the builder cannot show stay in Code mode.
import { readFileSync } from 'node:fs';
import { test, expect, openLab, newExperiment, pasteScript, consoleText, screenshot } from './support/fixtures';

const seedScript = readFileSync('tests/corpus/001_seed_course_loss.py', 'utf8');
const seedStdout = readFileSync('tests/corpus/expected/001_seed_course_loss.stdout', 'utf8');
const syntaxScript = readFileSync('tests/corpus/058_error_syntax.py', 'utf8');
const syntaxExpected = JSON.parse(readFileSync('tests/corpus/expected/058_error_syntax.json', 'utf8')) as { error: { type: string; line: number } };

test('the seed lecture pasted as code runs with Ctrl+Enter and prints what PyTorch prints', async ({ page, lab, consoleErrors }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await pasteScript(page, seedScript);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('tablist', { name: 'Results' })).toContainText('Done');
  expect(await consoleText(page)).toBe(seedStdout);
  await expect(page.getByRole('note')).toContainText('Line 1: comments are kept only in Code mode');
  await screenshot(page, '03-code-mode');

  await page.getByRole('button', { name: 'Builder', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'stays in Code mode' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a syntax error is shown at its line, in the editor and the console', async ({ page, lab }) => {
  await openLab(page, lab);
  await newExperiment(page);
  await pasteScript(page, syntaxScript);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('tablist', { name: 'Results' })).toContainText('Stopped with an error');
  const problems = page.getByRole('list', { name: 'Problems in the script' });
  await expect(problems).toContainText(`Line ${syntaxExpected.error.line}`);
  await expect(problems).toContainText(`${syntaxExpected.error.type}:`);
  const text = await consoleText(page);
  expect(text.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^${syntaxExpected.error.type}: `));
  await screenshot(page, '04-syntax-error');
});

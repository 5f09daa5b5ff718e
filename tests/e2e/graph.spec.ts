// The Graph tab against real PyTorch: the node names of Q = 3a³ − b², and the
// step-through visiting nodes in the order PyTorch's engine runs them
// (recorded with hooks on every node).
import { test, expect, openLab, openExample, run, screenshot } from './support/fixtures';
import { backwardOracle, hasTorch } from './support/pytorch_oracle';

test.skip(!hasTorch, 'needs /usr/bin/python3 with torch as the oracle');

async function generatedScript(page: import('@playwright/test').Page): Promise<string> {
  return (await page.getByLabel('Generated PyTorch code').textContent()) ?? '';
}

test('the graph shows PyTorch’s node names, leaves and edge shapes', async ({ page, lab, consoleErrors }) => {
  await openLab(page, lab);
  await openExample(page, 'Q = 3a³ − b²');
  const oracle = backwardOracle(await generatedScript(page), 'Q');
  await run(page);
  await page.getByRole('tab', { name: 'Graph' }).click();
  const graph = page.getByRole('figure', { name: 'Autograd graph' });
  const counts = new Map<string, number>();
  for (const name of oracle.names) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [name, count] of counts) {
    await expect(graph.getByText(name, { exact: true })).toHaveCount(count);
  }
  // AccumulateGrad feeds the leaf variables a and b.
  await expect(graph.getByText('a', { exact: true })).toHaveCount(1);
  await expect(graph.getByText('b', { exact: true })).toHaveCount(1);
  await expect(graph.getByText('[2]', { exact: true }).first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('step-through backward visits nodes in the engine’s order', async ({ page, lab }) => {
  await openLab(page, lab);
  await openExample(page, 'Q = 3a³ − b²');
  const oracle = backwardOracle(await generatedScript(page), 'Q');
  await run(page);
  await page.getByRole('tab', { name: 'Graph' }).click();
  const status = page.getByRole('status', { name: 'Current step' });
  const next = page.getByRole('button', { name: 'Next' });
  const visited: string[] = [];
  for (let i = 0; i < oracle.order.length; i++) {
    await next.click();
    await expect(status).toContainText(`Step ${i + 1} of ${oracle.order.length}`);
    visited.push(((await status.textContent()) ?? '').split(': ').at(-1)!.trim());
    await expect(page.getByRole('figure', { name: 'Autograd graph' }).getByLabel(/current step$/)).toHaveCount(1);
    if (i === 1) await screenshot(page, '05-graph-step-through');
  }
  expect(visited).toEqual(oracle.order);
  await expect(next).toBeDisabled();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(status).toContainText(`Step ${oracle.order.length - 1} of`);
});

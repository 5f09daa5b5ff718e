// Every example in the gallery opens as a new experiment and prints exactly
// what real PyTorch prints for the same script (object addresses aside).
import { test, expect, openLab, openExample, run, consoleText } from './support/fixtures';
import { hasTorch, pytorchStdout } from './support/pytorch_oracle';
import { EXAMPLES } from '../../renderer/src/lib/examples';

test.skip(!hasTorch, 'needs /usr/bin/python3 with torch as the oracle');

const addresses = (text: string): string => text.replace(/ object at 0x[0-9a-fA-F]+>/g, ' object at 0xADDR>');

for (const example of EXAMPLES) {
  test(`example “${example.title}” prints what PyTorch prints`, async ({ page, lab, consoleErrors }) => {
    const expected = addresses(pytorchStdout(example.make().script));
    await openLab(page, lab);
    await openExample(page, example.title);
    await run(page);
    await expect(page.getByRole('tablist', { name: 'Results' })).toContainText('Done');
    expect(addresses(await consoleText(page))).toBe(expected);
    expect(consoleErrors).toEqual([]);
  });
}

// Real SQLite files in real temporary folders; each test gets its own folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'migrations');

const made: string[] = [];

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autograd-lab-store-'));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A ~2 KB PyTorch-style script, distinct per `i`. */
export function sampleScript(i: number, extra = ''): string {
  const lines = [
    'import torch',
    `torch.manual_seed(${i})`,
    `x = torch.linspace(-3, 3, ${(i % 50) + 5}, requires_grad=True)`,
    `loss = (x ** 2 - ${i % 7}).sum()  # ${extra}`,
    'loss.backward()',
    'print(x.grad)',
  ];
  let s = lines.join('\n') + '\n';
  while (s.length < 2000) s += `# padding line ${s.length} keeps experiments about two kilobytes long\n`;
  return s;
}

// Real PyTorch (/usr/bin/python3, torch 1.13) as the oracle for what the UI
// shows: the graph's node names, and the order in which the autograd engine
// runs them (recorded with hooks on every node before backward()).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';

export const hasTorch: boolean = (() => {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface BackwardOracle {
  /** Node names reachable from the root's grad_fn, sorted. */
  names: string[];
  /** Node names in the order the engine ran them. */
  order: string[];
}

const MARK = '__ORACLE__';

/**
 * Runs `script`, with hooks registered on every node of `root`'s graph just
 * before the line that calls `root.backward(`.
 */
export function backwardOracle(script: string, root: string): BackwardOracle {
  const lines = script.split('\n');
  const at = lines.findIndex((l) => l.trimStart().startsWith(`${root}.backward(`));
  if (at < 0) throw new Error(`no ${root}.backward( line in the script`);
  const hook = [
    'import json as __json',
    '__order, __names, __seen, __stack = [], [], set(), [' + root + '.grad_fn]',
    'while __stack:',
    '    __n = __stack.pop()',
    '    if __n is None or __n in __seen: continue',
    '    __seen.add(__n); __names.append(__n.name())',
    '    __n.register_hook(lambda gi, go, n=__n: __order.append(n.name()))',
    '    __stack.extend(f for f, _ in __n.next_functions)',
  ];
  const patched = [...lines.slice(0, at), ...hook, lines[at], `print("${MARK}" + __json.dumps({"names": sorted(__names), "order": __order}))`].join('\n');
  const out = execFileSync(PYTHON, ['-'], { input: patched, encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`oracle printed nothing:\n${out}`);
  const parsed = JSON.parse(line.slice(MARK.length)) as BackwardOracle;
  // PyTorch's C++ name for the leaf node; the Python-facing name is AccumulateGrad.
  const clean = (n: string): string => n.replace(/^torch::autograd::/, '');
  return { names: parsed.names.map(clean).sort(), order: parsed.order.map(clean) };
}

/** stdout of a script under real PyTorch. */
export function pytorchStdout(script: string): string {
  return execFileSync(PYTHON, ['-'], { input: script, encoding: 'utf8' });
}

/**
 * Script → builder state, for scripts the builder could have written.
 * Lines are matched against the forms `generate()` emits, then the state is
 * regenerated and compared with the script: anything else (loops, comments,
 * extra prints) keeps the script in Code mode, with the first line that the
 * builder cannot show and why.
 */
import { generate, detachedName } from './codegen';
import { BUILDER_DTYPES, BUILDER_VERSION, newTensor, type BuilderDType, type BuilderState, type BuilderTensor } from './model';

export type Recognized = { ok: true; state: BuilderState } | { ok: false; line: number; reason: string };

/** Splits "a, [1, 2], b=3" at top-level commas. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

function why(line: string): string {
  const t = line.trim();
  if (t.startsWith('#')) return 'comments are kept only in Code mode';
  if (/^for\b|^while\b/.test(t)) return 'loops run only in Code mode';
  if (/^(def|class|if|try)\b/.test(t)) return `"${t.split(/\s/)[0]}" blocks are code-only`;
  if (/^with\b/.test(t)) return 'only a single loss line under torch.no_grad() can be built';
  if (/^print\(/.test(t)) return 'the builder prints only the loss and the gradients';
  if (/^(from|import)\b/.test(t)) return 'the builder imports only torch';
  return 'the builder makes tensors, one loss and one backward() call, nothing else';
}

interface Parsed {
  tensor: BuilderTensor | null;
}

function parseTensor(name: string, call: string, seed: string, id: string): Parsed {
  const m = /^torch\.(tensor|rand|randn|zeros|ones|linspace|arange)\((.*)\)$/s.exec(call);
  if (!m) return { tensor: null };
  const source = m[1] === 'tensor' ? 'literal' : (m[1] as BuilderTensor['source']);
  const args = splitArgs(m[2]);
  let dtype: BuilderDType | null = null;
  let requiresGrad = false;
  const positional: string[] = [];
  for (const a of args) {
    const kw = /^(\w+)\s*=\s*(.*)$/s.exec(a);
    if (!kw) {
      positional.push(a);
      continue;
    }
    if (kw[1] === 'requires_grad' && kw[2] === 'True') requiresGrad = true;
    else if (kw[1] === 'dtype' && BUILDER_DTYPES.includes(kw[2].replace(/^torch\./, '') as BuilderDType)) dtype = kw[2].replace(/^torch\./, '') as BuilderDType;
    else return { tensor: null };
  }
  const t = newTensor(id, name, { source, requiresGrad, seed, dtype: dtype ?? 'float32' });
  if (source === 'literal') {
    if (positional.length !== 1) return { tensor: null };
    t.literal = positional[0];
    // Without dtype=, torch.tensor infers int64 from an all-integer literal.
    if (!dtype && !/[.eE]|inf|nan/.test(positional[0])) t.dtype = 'int64';
  } else if (source === 'linspace' || source === 'arange') {
    if (positional.length !== 3) return { tensor: null };
    [t.start, t.end, t.step] = positional;
    if (source === 'arange' && !dtype && positional.every((p) => /^[+-]?\d+$/.test(p))) t.dtype = 'int64';
  } else {
    t.shape = positional.length === 1 && positional[0] === '()' ? '' : positional.join(', ');
  }
  return { tensor: t };
}

export function recognize(script: string, makeId: () => string, previous: BuilderState | null = null): Recognized {
  const lines = script.replace(/\r\n?/g, '\n').split('\n');
  const state: BuilderState = {
    version: BUILDER_VERSION,
    tensors: [],
    lossName: 'loss',
    loss: '',
    noGrad: false,
    detach: '',
    backward: false,
    gradient: 'ones',
    gradientLiteral: previous?.gradientLiteral ?? '',
    retainGraph: false,
  };
  let seed = '';
  let i = 0;
  const fail = (at: number): Recognized => ({ ok: false, line: at + 1, reason: why(lines[at] ?? '') });
  while (i < lines.length) {
    const line = lines[i].replace(/\s+$/, '');
    let m: RegExpExecArray | null;
    if (line === '' || line === 'import torch') {
      i++;
      continue;
    }
    if ((m = /^torch\.manual_seed\((\d+)\)$/.exec(line))) {
      seed = m[1];
      i++;
      continue;
    }
    if ((m = /^([A-Za-z_]\w*)_detached = \1\.detach\(\)$/.exec(line))) {
      state.detach = m[1];
      i++;
      continue;
    }
    if (line === 'with torch.no_grad():' && (m = /^ {4}([A-Za-z_]\w*) = (.+)$/.exec(lines[i + 1] ?? ''))) {
      state.noGrad = true;
      state.lossName = m[1];
      state.loss = m[2];
      i += 2;
      continue;
    }
    if ((m = /^([A-Za-z_]\w*) = (torch\.\w+\(.*\))$/.exec(line))) {
      const previousTensor = previous?.tensors.find((t) => t.name === m![1]);
      const { tensor } = parseTensor(m[1], m[2], seed, previousTensor?.id ?? makeId());
      if (tensor) {
        state.tensors.push(tensor);
        seed = '';
        i++;
        continue;
      }
    }
    if (!state.loss && (m = /^([A-Za-z_]\w*) = (.+)$/.exec(line))) {
      state.lossName = m[1];
      state.loss = m[2];
      i++;
      continue;
    }
    if (state.loss && (m = new RegExp(`^${state.lossName}\\.backward\\((.*)\\)$`).exec(line))) {
      state.backward = true;
      for (const arg of splitArgs(m[1])) {
        let g: RegExpExecArray | null;
        if (arg === 'retain_graph=True') state.retainGraph = true;
        else if ((g = /^gradient=torch\.tensor\((.*?)(?:, dtype=torch\.float32)?\)$/s.exec(arg))) {
          state.gradient = 'custom';
          state.gradientLiteral = g[1];
        } else if (!/^gradient=torch\.ones(_like)?\(.*\)$/.test(arg)) return fail(i);
      }
      i++;
      continue;
    }
    if ((m = /^print\(([A-Za-z_]\w*)\.grad == (.+)\)$/.exec(line))) {
      const target = state.tensors.find((t) => t.name === m![1]);
      if (target) {
        target.expectGrad = m[2];
        i++;
        continue;
      }
    }
    if (/^print\([A-Za-z_]\w*(\.grad)?\)$/.test(line)) {
      i++;
      continue;
    }
    return fail(i);
  }
  if (!state.loss) return { ok: false, line: lines.length, reason: 'there is no loss line (name = expression)' };
  if (state.detach) state.loss = state.loss.replaceAll(detachedName(state.detach), state.detach);

  // The round trip decides: the builder must write back exactly this script.
  const regenerated = generate(state).code.split('\n');
  const original = lines.map((l) => l.replace(/\s+$/, ''));
  while (original.length && original[original.length - 1] === '') original.pop();
  while (regenerated.length && regenerated[regenerated.length - 1] === '') regenerated.pop();
  for (let k = 0; k < Math.max(original.length, regenerated.length); k++) {
    if (original[k] !== regenerated[k]) {
      if (k >= original.length) return { ok: false, line: original.length, reason: 'the builder would add lines this script does not have' };
      return { ok: false, line: k + 1, reason: why(original[k]) };
    }
  }
  return { ok: true, state };
}

/**
 * Tells a real PyTorch or Python name the lab lacks (which deserves
 * "Autograd Lab does not support ...") from a name that does not exist at
 * all (which deserves the AttributeError or NameError Python gives).
 */
import { LAB_CLASS_NAMES } from './lab_names';
import { PYTORCH_NAMES } from './pytorch_names';

let parsed: Map<string, Map<string, string>> | null = null;

function namespaces(): Map<string, Map<string, string>> {
  if (parsed === null) {
    parsed = new Map();
    for (const [ns, text] of [...Object.entries(PYTORCH_NAMES), ...Object.entries(LAB_CLASS_NAMES)]) {
      const names = new Map<string, string>();
      for (const word of text.split(' ')) if (word !== '') names.set(word.replace(/\(\)$/, ''), word);
      parsed.set(ns, names);
    }
  }
  return parsed;
}

/**
 * How the construct reads in an error (`Tensor.numpy()`, `torch.nn.Linear`),
 * when `name` exists in the real namespace; null when it does not.
 * `builtins` names read without a prefix (`enumerate()`).
 */
export function knownName(namespace: string, name: string): string | null {
  const shown = namespaces().get(namespace)?.get(name);
  if (shown === undefined) return null;
  return namespace === 'builtins' ? shown : `${namespace}.${shown}`;
}

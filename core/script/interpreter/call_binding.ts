/**
 * Binding a call's arguments to a script function's parameters, in the order
 * CPython 3.11 does it (initialize_locals in ceval.c), so that a wrong call
 * raises the same TypeError first: unexpected or repeated keywords, then too
 * many positional arguments, then missing positional, then missing
 * keyword-only ones.
 */
import { typeError } from './errors';
import type { Kwargs, PyFunction, PyValue } from './values';
import { PyTuple } from './values';

export function bindArguments(fn: PyFunction, args: readonly PyValue[], kwargs: Kwargs): Map<string, PyValue> {
  const a = fn.node.args;
  const positional = a.args.map((p) => p.arg);
  const kwonly = a.kwonlyargs.map((p) => p.arg);
  const locals = new Map<string, PyValue>();
  const given = Math.min(args.length, positional.length);
  for (let i = 0; i < given; i++) locals.set(positional[i], args[i]);
  if (a.vararg !== null) locals.set(a.vararg.arg, new PyTuple(args.slice(positional.length)));

  for (const [name, value] of kwargs) {
    if (!positional.includes(name) && !kwonly.includes(name)) {
      throw typeError(`${fn.qualname}() got an unexpected keyword argument '${name}'`);
    }
    if (locals.has(name)) throw typeError(`${fn.qualname}() got multiple values for argument '${name}'`);
    locals.set(name, value);
  }

  if (args.length > positional.length && a.vararg === null) throw tooManyPositional(fn, args.length, locals);

  const firstDefault = positional.length - a.defaults.length;
  const missing = positional.filter((p, i) => i < firstDefault && !locals.has(p));
  if (missing.length > 0) throw missingArguments(fn, missing, 'positional');
  positional.forEach((p, i) => {
    if (!locals.has(p)) locals.set(p, fn.defaults[i - firstDefault]);
  });

  const missingKw: string[] = [];
  kwonly.forEach((p, i) => {
    if (locals.has(p)) return;
    const d = fn.kwDefaults[i];
    if (d === undefined) missingKw.push(p);
    else locals.set(p, d);
  });
  if (missingKw.length > 0) throw missingArguments(fn, missingKw, 'keyword-only');
  return locals;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** CPython's too_many_positional. */
function tooManyPositional(fn: PyFunction, count: number, locals: Map<string, PyValue>): Error {
  const a = fn.node.args;
  const defaults = a.defaults.length;
  const n = a.args.length;
  const sig = defaults > 0 ? `from ${n - defaults} to ${n}` : `${n}`;
  const kwonlyGiven = a.kwonlyargs.filter((p) => locals.has(p.arg)).length;
  const kwonlySig = kwonlyGiven > 0
    ? ` positional ${plural(count, 'argument')} (and ${kwonlyGiven} keyword-only ${plural(kwonlyGiven, 'argument')})`
    : '';
  const verb = count === 1 && kwonlyGiven === 0 ? 'was' : 'were';
  const params = defaults > 0 || n !== 1 ? 'arguments' : 'argument';
  return typeError(`${fn.qualname}() takes ${sig} positional ${params} but ${count}${kwonlySig} ${verb} given`);
}

/** CPython's missing_arguments: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`. */
function missingArguments(fn: PyFunction, names: readonly string[], kind: 'positional' | 'keyword-only'): Error {
  const quoted = names.map((n) => `'${n}'`);
  const list = quoted.length === 1 ? quoted[0]
    : quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}`
    : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
  return typeError(`${fn.qualname}() missing ${names.length} required ${kind} ${plural(names.length, 'argument')}: ${list}`);
}

/**
 * Python's scoping rules, worked out from the tree as CPython's symtable
 * does before anything runs:
 * - a name bound anywhere in a function body (assignment, `for` or `with`
 *   target, `def`, `import`, a parameter) is local to the whole body, unless
 *   the body declares it `global`;
 * - a `global` declaration after the name was a parameter, read or assigned
 *   in the same scope is a SyntaxError.
 * Nested `def` and `lambda` bodies are scopes of their own: only their
 * default values (and a def's name) belong to the enclosing scope.
 */
import type { Arguments, FunctionDef, Lambda, Node, Stmt, Target } from './ast';
import { childNodes } from './ast';
import { ScriptSyntaxError } from './syntax_error';

export interface FunctionScope {
  /** Names local to the body, parameters included. */
  readonly locals: ReadonlySet<string>;
  /** Names the body declares `global`. */
  readonly globals: ReadonlySet<string>;
}

/** Parameter names in order: positional, `*vararg`, keyword-only. */
export function parameterNames(args: Arguments): string[] {
  const out = args.args.map((a) => a.arg);
  if (args.vararg !== null) out.push(args.vararg.arg);
  for (const a of args.kwonlyargs) out.push(a.arg);
  return out;
}

const scopes = new WeakMap<FunctionDef | Lambda, FunctionScope>();

export function functionScope(fn: FunctionDef | Lambda): FunctionScope {
  let scope = scopes.get(fn);
  if (scope === undefined) {
    const walk = walkFunction(fn, null);
    const locals = new Set([...walk.bound].filter((n) => !walk.declaredGlobal.has(n)));
    scope = { locals, globals: walk.declaredGlobal };
    scopes.set(fn, scope);
  }
  return scope;
}

/**
 * The SyntaxErrors CPython's symtable raises (a repeated parameter, a
 * misplaced `global`), for the module and every function in it, in the order
 * symtable meets them: depth first, each function where it is defined.
 */
export function scopeErrors(body: readonly Stmt[]): ScriptSyntaxError[] {
  const errors: ScriptSyntaxError[] = [];
  new ScopeWalk([], errors).statements(body);
  return errors;
}

function walkFunction(fn: FunctionDef | Lambda, errors: ScriptSyntaxError[] | null): ScopeWalk {
  const params = [...fn.args.args];
  if (fn.args.vararg !== null) params.push(fn.args.vararg);
  params.push(...fn.args.kwonlyargs);
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.arg)) errors?.push(new ScriptSyntaxError(`duplicate argument '${p.arg}' in function definition`, p));
    seen.add(p.arg);
  }
  const walk = new ScopeWalk([...seen], errors);
  if (fn.kind === 'FunctionDef') walk.statements(fn.body);
  else walk.expression(fn.body);
  return walk;
}

/** One scope's names, visited in the order symtable visits them. */
class ScopeWalk {
  readonly bound = new Set<string>();
  readonly used = new Set<string>();
  readonly declaredGlobal = new Set<string>();
  readonly #params: ReadonlySet<string>;
  /** Where errors go; null when only the names are wanted (nested functions are then skipped). */
  readonly #errors: ScriptSyntaxError[] | null;

  constructor(params: readonly string[], errors: ScriptSyntaxError[] | null) {
    this.#params = new Set(params);
    this.#errors = errors;
    for (const p of params) this.bound.add(p);
  }

  statements(body: readonly Stmt[]): void {
    for (const s of body) this.statement(s);
  }

  statement(s: Stmt): void {
    switch (s.kind) {
      case 'Assign':
        s.targets.forEach((t) => this.target(t));
        this.expression(s.value);
        return;
      case 'AugAssign':
        // `x += 1` reads and binds x.
        this.target(s.target);
        this.expression(s.value);
        return;
      case 'For':
        this.target(s.target);
        this.expression(s.iter);
        this.statements(s.body);
        this.statements(s.orelse);
        return;
      case 'While':
      case 'If':
        this.expression(s.test);
        this.statements(s.body);
        this.statements(s.orelse);
        return;
      case 'With':
        for (const item of s.items) {
          this.expression(item.context);
          if (item.target !== null) this.target(item.target);
        }
        this.statements(s.body);
        return;
      case 'FunctionDef':
        this.#defaults(s.args);
        this.bound.add(s.name);
        this.#nested(s);
        return;
      case 'Import':
        for (const a of s.names) this.bound.add(a.asname ?? a.name.split('.')[0]);
        return;
      case 'ImportFrom':
        for (const a of s.names) this.bound.add(a.asname ?? a.name);
        return;
      case 'Global':
        for (const name of s.names) this.#declare(name, s);
        return;
      case 'Return':
        if (s.value !== null) this.expression(s.value);
        return;
      case 'ExprStmt':
        this.expression(s.value);
        return;
      case 'Pass':
      case 'Break':
      case 'Continue':
        return;
    }
  }

  expression(e: Node): void {
    if (e.kind === 'Name') {
      this.used.add(e.id);
      return;
    }
    if (e.kind === 'Lambda') {
      this.#defaults(e.args);
      this.#nested(e);
      return;
    }
    for (const c of childNodes(e)) this.expression(c);
  }

  #nested(fn: FunctionDef | Lambda): void {
    if (this.#errors !== null) walkFunction(fn, this.#errors);
  }

  #declare(name: string, at: Stmt): void {
    const problem = this.#params.has(name) ? 'is parameter and global'
      : this.used.has(name) ? 'is used prior to global declaration'
      : this.bound.has(name) ? 'is assigned to before global declaration'
      : null;
    if (problem !== null) this.#errors?.push(new ScriptSyntaxError(`name '${name}' ${problem}`, at));
    this.declaredGlobal.add(name);
  }

  target(t: Target): void {
    if (t.kind === 'Name') this.bound.add(t.id);
    else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach((e) => this.target(e as Target));
    else this.expression(t);
  }

  #defaults(args: Arguments): void {
    for (const d of args.defaults) this.expression(d);
    for (const d of args.kwDefaults) if (d !== null) this.expression(d);
  }
}

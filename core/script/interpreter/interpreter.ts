/**
 * Tree-walking interpreter for the script subset. It evaluates the parser's
 * AST against the engine, and reports prints, warnings, backward passes and
 * loop iterations through hooks so the run layer can build its result.
 */
import type * as ast from '../ast';
import type { IndexItem, Node, Tensor } from '../../index';
import { FunctionNode, add, fillOffsets, indexOffsets, index as indexTensor, inplace, isGradEnabled, setGradEnabled, withGradMode, zeros } from '../../index';
import { broadcastShapes } from '../../tensor/shape';
import { builtins, collect, iterate, mathModule } from './builtins';
import { bindArguments } from './call_binding';
import { functionScope } from '../scopes';
import { PyError, RunStopped, attributeError, indexError, nameError, notSupported, positioned, typeError, unsupported, valueError } from './errors';
import { knownName } from './known_names';
import type { RunLimits } from './limits';
import { DEFAULT_LIMITS, TENSOR_OBJECT_COST, checkSequenceLength, checkStringLength, timeLimitExceeded } from './limits';
import { checkMatmul } from './op_cost';
import { binary, compareValues, truthy, unaryOp } from './operators';
import { Printer } from './repr';
import type { Runtime } from './runtime';
import { int64 } from './args';
import { inplaceOperand, nodeAttribute, setTensorAttribute, tensorAttribute } from './tensor_attrs';
import { GENERATOR_MODULE_NAME, functionalModule, torchModule } from './torch_namespace';
import type { Frame, Kwargs, PyValue } from './values';
import { PyCallable, PyFunction, PyGradMode, PyList, PyModule, PyObject, PyRange, PyTuple, isNode, isTensorValue, typeName } from './values';

export type { RunLimits };
export { DEFAULT_LIMITS };

export interface LoopIteration {
  readonly line: number;
  readonly iteration: number;
  readonly total: number | null;
  /** Variables assigned in the body that hold a float or a 0-d float tensor, with that number. */
  readonly values: ReadonlyMap<string, number>;
}

export interface InterpreterHooks {
  print?(line: number, text: string, values: readonly PyValue[]): void;
  warning?(line: number, category: string, message: string): void;
  /** Runs tensor.backward(); when absent the engine runs it directly. */
  backward?(root: Tensor, gradient: Tensor | null, retainGraph: boolean, line: number): void;
  loopIteration?(info: LoopIteration): void;
  seed?(seed: bigint): void;
  cut?(t: Tensor, reason: 'detach' | 'no_grad', line: number): void;
  shouldCancel?(): boolean;
  now?(): number;
}

/** A `return` on its way out of the function's blocks, with its value. */
class Returned {
  constructor(readonly value: PyValue) {}
}

type Signal = 'break' | 'continue' | Returned | undefined;

/** One line of a traceback: the function (`<module>` for the script itself) and the line it was running. */
export interface TraceFrame {
  readonly name: string;
  readonly line: number;
}

const VIEW_OF_LEAF_MESSAGE = 'a view of a leaf Variable that requires grad is being used in an in-place operation.';

const AUG_INPLACE: Partial<Record<ast.BinaryOperator, 'add' | 'sub' | 'mul' | 'div'>> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };

export class Interpreter implements Runtime {
  readonly globals = new Map<string, PyValue>();
  readonly printer: Printer;
  readonly limits: RunLimits;
  statements = 0;
  line = 0;
  readonly #hooks: InterpreterHooks;
  readonly #builtins: Map<string, PyValue>;
  readonly #modules: Map<string, PyModule>;
  readonly #warned = new Set<string>();
  /** Tensors whose history a detach() or no_grad cut, so results computed from them are cut too. */
  readonly #cutTensors = new WeakSet<Tensor>();
  readonly #start: number;
  /** Tensor elements created since the variables were last counted. */
  #allocated = 0;
  /** Names assigned inside each loop's body, for the loop series. */
  readonly #loopNames = new WeakMap<ast.For | ast.While, string[]>();
  /** Calls of script functions in progress, outermost first. */
  readonly #frames: Frame[] = [];
  /** The call stack where each error was raised (errors unwind the frames before the run sees them). */
  readonly #tracebacks = new WeakMap<object, TraceFrame[]>();

  constructor(limits: RunLimits = DEFAULT_LIMITS, hooks: InterpreterHooks = {}) {
    this.limits = limits;
    this.printer = new Printer(undefined, limits);
    this.#hooks = hooks;
    this.#start = this.#now();
    this.#builtins = builtins(this);
    const torch = torchModule(this, (s) => hooks.seed?.(s));
    const nn = torch.attrs.get('nn') as PyModule;
    const functional = (nn.attrs.get('functional') as PyModule | undefined) ?? functionalModule(this);
    this.#modules = new Map<string, PyModule>([
      ['torch', torch],
      ['torch.nn', nn],
      ['torch.nn.functional', functional],
      ['torch.autograd', torch.attrs.get('autograd') as PyModule],
      ['torch.optim', torch.attrs.get('optim') as PyModule],
      ['math', mathModule()],
    ]);
  }

  #now(): number {
    return this.#hooks.now ? this.#hooks.now() : Date.now();
  }

  // ------------------------------------------------------------ Runtime

  print(values: PyValue[], sep: string, end: string): void {
    const parts = values.map((v) => this.printer.str(v));
    // One print writes at most a string's worth: print(s, s, s, ...) of long strings must not exhaust the heap.
    checkStringLength(parts.reduce((n, p) => n + p.length, 0) + sep.length * Math.max(0, parts.length - 1) + end.length, this.limits);
    const text = parts.join(sep) + end;
    this.#hooks.print?.(this.line, text, values);
  }

  warn(category: string, message: string): void {
    // Python's default filter shows a warning once per (message, category, line).
    const key = `${this.line}\u0000${category}\u0000${message}`;
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#hooks.warning?.(this.line, category, message);
  }

  warnOnce(category: string, message: string): void {
    const key = `once\u0000${category}\u0000${message}`;
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#hooks.warning?.(this.line, category, message);
  }

  checkElements(numel: number): void {
    if (numel > this.limits.maxTensorElements) {
      throw new RunStopped(
        'LimitExceeded',
        `Autograd Lab refuses to create a tensor of ${numel} elements (the limit is ${this.limits.maxTensorElements} elements per tensor)`,
      );
    }
  }

  backward(root: Tensor, gradient: Tensor | null, retainGraph: boolean): void {
    // The gradients it fills in are new storage: count the variables after this statement.
    this.#allocated = Infinity;
    if (this.#hooks.backward) this.#hooks.backward(root, gradient, retainGraph, this.line);
    else throw new PyError('RuntimeError', 'no backward hook');
  }

  markCut(t: Tensor, reason: 'detach' | 'no_grad'): void {
    this.#cutTensors.add(t);
    this.#hooks.cut?.(t, reason, this.line);
  }

  // ------------------------------------------------------------ statements

  run(module: ast.Module): void {
    this.#block(module.body);
  }

  #tick(stmt: ast.Stmt): void {
    this.line = stmt.line;
    this.statements++;
    if (this.statements > this.limits.maxStatements) {
      throw new RunStopped('LimitExceeded', `Autograd Lab stopped the script after ${this.limits.maxStatements} statements (the statement limit)`);
    }
    if (this.#hooks.shouldCancel?.()) throw new RunStopped('Cancelled', 'the run was cancelled');
    if ((this.statements & 63) === 0 || this.limits.maxWallTimeMs <= 0) this.#checkTime();
  }

  #checkTime(): void {
    if (this.#now() - this.#start > this.limits.maxWallTimeMs) throw timeLimitExceeded(this.limits);
  }

  checkTime(): void {
    if (this.#hooks.shouldCancel?.()) throw new RunStopped('Cancelled', 'the run was cancelled');
    this.#checkTime();
  }

  #block(body: readonly ast.Stmt[]): Signal {
    for (const stmt of body) {
      const signal = this.#stmt(stmt);
      if (signal !== undefined) return signal;
    }
    return undefined;
  }

  #stmt(s: ast.Stmt): Signal {
    this.#tick(s);
    try {
      return this.#execute(s);
    } catch (e) {
      // The innermost statement sees the error first, with every call still on the stack.
      if (typeof e === 'object' && e !== null && !this.#tracebacks.has(e)) this.#tracebacks.set(e, this.#traceback());
      throw positioned(e, s);
    }
  }

  #traceback(): TraceFrame[] {
    const frames = this.#frames;
    const out: TraceFrame[] = [{ name: '<module>', line: frames.length > 0 ? frames[0].callerLine : this.line }];
    frames.forEach((f, i) => {
      out.push({ name: f.fn.node.kind === 'Lambda' ? '<lambda>' : f.fn.node.name, line: i + 1 < frames.length ? frames[i + 1].callerLine : this.line });
    });
    return out;
  }

  /** The call stack, outermost first, when `error` was raised by the script; null for errors from outside it. */
  tracebackOf(error: unknown): readonly TraceFrame[] | null {
    return typeof error === 'object' && error !== null ? (this.#tracebacks.get(error) ?? null) : null;
  }

  #execute(s: ast.Stmt): Signal {
    switch (s.kind) {
      case 'ExprStmt':
        this.#expr(s.value);
        this.#maybeCheckTotal();
        return undefined;
      case 'Assign':
        this.#assignStatement(s);
        return undefined;
      case 'AugAssign':
        this.#augAssign(s);
        this.#maybeCheckTotal();
        return undefined;
      case 'For':
        return this.#for(s);
      case 'While':
        return this.#while(s);
      case 'If':
        return this.#block(truthy(this.#expr(s.test)) ? s.body : s.orelse);
      case 'With':
        return this.#with(s, 0);
      case 'FunctionDef':
        this.#bind(s.name, this.#makeFunction(s, s.name));
        return undefined;
      case 'Return':
        return new Returned(s.value === null ? null : this.#expr(s.value));
      case 'Global':
        // Which names are global was worked out from the tree (scopes.ts).
        return undefined;
      case 'Import':
        for (const a of s.names) this.#import(a);
        return undefined;
      case 'ImportFrom':
        for (const a of s.names) this.#importFrom(s.module, a);
        return undefined;
      case 'Pass':
        return undefined;
      case 'Break':
        return 'break';
      case 'Continue':
        return 'continue';
    }
  }

  #assignStatement(s: ast.Assign): void {
    const v = this.#expr(s.value);
    for (const t of s.targets) this.#assign(t, v);
    this.#maybeCheckTotal();
  }

  #module(dotted: string, at: ast.Span): PyModule {
    const m = this.#modules.get(dotted);
    if (m === undefined) throw unsupported(`import ${dotted}`, at);
    return m;
  }

  #import(a: ast.Alias): void {
    const m = this.#module(a.name, a);
    if (a.asname !== null) this.#bind(a.asname, m);
    else {
      const root = a.name.split('.')[0];
      this.#bind(root, this.#module(root, a));
    }
  }

  #importFrom(module: string, a: ast.Alias): void {
    const m = this.#module(module, a);
    const sub = this.#modules.get(`${module}.${a.name}`);
    const v = sub ?? m.attrs.get(a.name);
    if (v === undefined) throw unsupported(`from ${module} import ${a.name}`, a);
    this.#bind(a.asname ?? a.name, v);
  }

  #for(s: ast.For): Signal {
    const iterable = this.#expr(s.iter);
    const total = iterable instanceof PyRange ? Number(iterable.length)
      : iterable instanceof PyList || iterable instanceof PyTuple ? iterable.items.length
      : isTensorValue(iterable) && iterable.shape.length > 0 ? iterable.shape[0] : null;
    const names = this.#namesOf(s);
    let i = 0;
    for (const v of iterate(iterable)) {
      this.#countIteration(s, ++i);
      this.#assign(s.target, v);
      let signal: Signal;
      for (const stmt of s.body) if ((signal = this.#stmt(stmt)) !== undefined) break;
      this.#reportIteration(s, names, i, total);
      if (signal instanceof Returned) return signal;
      if (signal === 'break') return undefined;
    }
    return this.#block(s.orelse);
  }

  #while(s: ast.While): Signal {
    const names = this.#namesOf(s);
    let i = 0;
    for (;;) {
      // The test runs once more than the body: it counts towards the limit like an iteration.
      this.#countIteration(s, i + 1);
      if (!truthy(this.#expr(s.test))) break;
      i++;
      const signal = this.#block(s.body);
      this.#reportIteration(s, names, i, null);
      if (signal instanceof Returned) return signal;
      if (signal === 'break') return undefined;
    }
    return this.#block(s.orelse);
  }

  #namesOf(s: ast.For | ast.While): string[] {
    let names = this.#loopNames.get(s);
    if (names === undefined) {
      names = assignedNames(s.body);
      this.#loopNames.set(s, names);
    }
    return names;
  }

  /** Sets the line to the loop's header, and stops the loop past the iteration limit. */
  #countIteration(s: ast.For | ast.While, iteration: number): void {
    this.line = s.line;
    if (iteration > this.limits.maxLoopIterations) {
      const what = s.kind === 'For' ? 'for' : 'while';
      throw new RunStopped('LimitExceeded', `Autograd Lab stopped the ${what} loop on line ${s.line} after ${this.limits.maxLoopIterations} iterations (the loop limit)`);
    }
  }

  #reportIteration(s: ast.For | ast.While, names: readonly string[], iteration: number, total: number | null): void {
    if (this.#hooks.loopIteration === undefined) return;
    const values = new Map<string, number>();
    for (const n of names) {
      const v = this.#peek(n);
      if (typeof v === 'number') values.set(n, v);
      else if (isTensorValue(v) && v.shape.length === 0 && (v.dtype === 'float32' || v.dtype === 'float64')) values.set(n, v.data[0]);
    }
    this.#hooks.loopIteration({ line: s.line, iteration, total, values });
  }

  #with(s: ast.With, i: number): Signal {
    const item = s.items[i];
    const ctx = this.#expr(item.context);
    // Only grad modes are context managers among the values a script can hold.
    if (!(ctx instanceof PyGradMode)) throw typeError(`'${typeName(ctx)}' object does not support the context manager protocol`);
    const previous = ctx.previous ?? isGradEnabled();
    if (ctx.kind !== 'set_grad_enabled') setGradEnabled(ctx.enabled);
    try {
      if (item.target !== null) this.#assign(item.target, null);
      // The body runs in this frame, not one more: a recursive function pays for every frame it nests.
      return i + 1 < s.items.length ? this.#with(s, i + 1) : this.#block(s.body);
    } finally {
      setGradEnabled(previous);
    }
  }

  // ------------------------------------------------------------ assignment

  #assign(t: ast.Target, v: PyValue): void {
    switch (t.kind) {
      case 'Name':
        if (isTensorValue(v) && v.label === null) v.label = t.id;
        this.#bind(t.id, v);
        return;
      case 'Attribute':
        this.#setAttr(this.#expr(t.value), t.attr, v, t);
        return;
      case 'Subscript':
        this.#setItem(this.#expr(t.value), t.index, v);
        return;
      case 'Tuple':
      case 'List': {
        const items = unpackItems(v, t.elts.length);
        if (items.length > t.elts.length) throw valueError(`too many values to unpack (expected ${t.elts.length})`);
        if (items.length < t.elts.length) throw valueError(`not enough values to unpack (expected ${t.elts.length}, got ${items.length})`);
        t.elts.forEach((e, i) => this.#assign(e as ast.Target, items[i]));
        return;
      }
    }
  }

  #augAssign(s: ast.AugAssign): void {
    const t = s.target;
    let obj: PyValue = null;
    let current: PyValue;
    let idx: IndexKey | null = null;
    if (t.kind === 'Name') current = this.#lookup(t.id, t);
    else if (t.kind === 'Attribute') {
      obj = this.#expr(t.value);
      current = this.#getAttr(obj, t.attr, t);
    } else {
      obj = this.#expr(t.value);
      idx = this.#indexKey(t.index);
      current = this.#getItem(obj, idx);
    }
    const operand = this.#expr(s.value);
    let result: PyValue;
    const ip = AUG_INPLACE[s.op];
    if (isTensorValue(current)) {
      if (ip === undefined) throw unsupported(`${s.op}= on a tensor`, s);
      this.#checkBinaryElements(s.op, current, operand);
      result = inplace(ip, current, inplaceOperand(`${ip}_`, operand));
    } else if (current instanceof PyList && s.op === '+') {
      // list += iterable extends in place (spreading a long one into push() would overflow the JS stack).
      const more = collect(operand, 'list', this);
      checkSequenceLength(current.items.length + more.length, 'list', this.limits);
      for (const x of more) current.items.push(x);
      result = current;
    } else {
      result = this.#binary(s.op, current, operand, s);
    }
    if (t.kind === 'Name') this.#assign(t, result);
    else if (t.kind === 'Attribute') this.#setAttr(obj, t.attr, result, t);
    else this.#setItemKey(obj, idx as IndexKey, result);
  }

  /**
   * Scanning every variable after each statement would make a loop next to a
   * long list quadratic, so the scan runs once the tensors created since the
   * last one (or a backward's gradients) add up to a sixteenth of the limit.
   */
  #maybeCheckTotal(): void {
    if (this.#allocated < Math.max(1, this.limits.maxTotalElements / 16)) return;
    this.#allocated = 0;
    this.#checkTotal();
  }

  /**
   * Elements held by variables (and their .grad), counted once per storage,
   * plus what the autograd graph behind them keeps for backward: a loop
   * `y = y * x` keeps every intermediate alive through the graph alone.
   */
  #checkTotal(): void {
    const seen = new Set<ArrayBufferLike>();
    const objects = new Set<Tensor>();
    const roots: Node[] = [];
    let total = 0;
    const visit = (v: PyValue, depth: number): void => {
      if (isTensorValue(v)) {
        if (!objects.has(v)) {
          objects.add(v);
          total += TENSOR_OBJECT_COST;
        }
        // A lazy result is counted as the array it will become, without computing it.
        if (v.pending !== null) total += v.numel;
        else if (!seen.has(v.data.buffer)) {
          seen.add(v.data.buffer);
          total += v.data.buffer.byteLength / v.data.BYTES_PER_ELEMENT;
        }
        if (v.gradFn !== null) roots.push(v.gradFn);
        if (v.grad !== null) visit(v.grad, depth);
      } else if (isNode(v)) {
        roots.push(v);
      } else if ((v instanceof PyList || v instanceof PyTuple) && depth < 3) {
        for (const x of v.items) visit(x, depth + 1);
      } else if (v instanceof PyObject && depth < 3) {
        // An optimizer's state, a loss module's weights: tensors the script cannot see but still holds.
        for (const x of v.attrs.values()) if (isTensorValue(x)) visit(x, depth + 1);
        for (const t of v.heldTensors()) visit(t, depth + 1);
      }
    };
    for (const v of this.globals.values()) visit(v, 0);
    for (const f of this.#frames) for (const v of f.locals.values()) visit(v, 0);
    const graph = graphElements(roots);
    if (total + graph > this.limits.maxTotalElements) {
      const held = graph === 0 ? 'its variables hold' : 'its variables and the autograd graph behind them hold';
      throw new RunStopped('LimitExceeded', `Autograd Lab stopped the script: ${held} ${total + graph} tensor elements (the limit is ${this.limits.maxTotalElements} in total)`);
    }
  }


  // ------------------------------------------------------------ expressions

  #lookup(name: string, at: ast.Span): PyValue {
    const frame = this.#frames.at(-1);
    if (frame !== undefined) {
      if (frame.localNames.has(name)) {
        const local = frame.locals.get(name);
        if (local !== undefined) return local;
        throw new PyError('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
      }
      if (!frame.globalNames.has(name)) {
        // Enclosing functions' variables, as they are now (Python's closures see later assignments).
        for (let outer = frame.fn.closure; outer !== null; outer = outer.fn.closure) {
          if (outer.globalNames.has(name)) break;
          if (!outer.localNames.has(name)) continue;
          const free = outer.locals.get(name);
          if (free !== undefined) return free;
          throw new PyError('NameError', `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);
        }
      }
    }
    const v = this.globals.get(name);
    if (v !== undefined) return v;
    // The script runs as the main module: `if __name__ == "__main__": main()` runs main().
    if (name === '__name__') return '__main__';
    const b = this.#builtins.get(name);
    if (b !== undefined) return b;
    const known = knownName('builtins', name);
    if (known !== null) throw unsupported(known, at);
    throw nameError(name);
  }

  /** Binds a name in the running function's locals, or in the globals (module level, or declared `global`). */
  #bind(name: string, v: PyValue): void {
    const frame = this.#frames.at(-1);
    if (frame !== undefined && !frame.globalNames.has(name)) frame.locals.set(name, v);
    else this.globals.set(name, v);
  }

  /** A variable's value where the running code would see it, or undefined (no error: for the loop series). */
  #peek(name: string): PyValue | undefined {
    const frame = this.#frames.at(-1);
    if (frame !== undefined && frame.localNames.has(name)) return frame.locals.get(name);
    return this.globals.get(name);
  }

  // ------------------------------------------------------------ functions

  #makeFunction(node: ast.FunctionDef | ast.Lambda, name: string): PyFunction {
    // Defaults are evaluated once, here, as Python does (a list default is shared between calls).
    const defaults = node.args.defaults.map((d) => this.#expr(d));
    const kwDefaults = node.args.kwDefaults.map((d) => (d === null ? undefined : this.#expr(d)));
    const closure = this.#frames.at(-1) ?? null;
    const qualname = closure === null ? name : `${closure.fn.qualname}.<locals>.${name}`;
    const fn: PyFunction = new PyFunction(qualname, node, defaults, kwDefaults, closure, (args, kwargs) => this.#callFunction(fn, args, kwargs));
    return fn;
  }

  #callFunction(fn: PyFunction, args: PyValue[], kwargs: Kwargs): PyValue {
    const locals = bindArguments(fn, args, kwargs);
    // Python counts the module as one frame of its recursion limit.
    if (this.#frames.length + 1 >= this.limits.maxCallDepth) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    const scope = functionScope(fn.node);
    const frame: Frame = { fn, locals, localNames: scope.locals, globalNames: scope.globals, callerLine: this.line };
    this.#frames.push(frame);
    try {
      if (fn.node.kind === 'Lambda') {
        // A lambda's body is an expression: no statement sets the line or records where an error was raised.
        this.line = fn.node.body.line;
        return this.#expr(fn.node.body);
      }
      for (const stmt of fn.node.body) {
        const signal = this.#stmt(stmt);
        if (signal instanceof Returned) return signal.value;
      }
      return null;
    } catch (e) {
      // Past the JS stack (deep expressions in each of many calls): still Python's error, never a crash.
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
      if (typeof e === 'object' && e !== null && !this.#tracebacks.has(e)) this.#tracebacks.set(e, this.#traceback());
      throw e;
    } finally {
      this.#frames.pop();
      this.line = frame.callerLine;
    }
  }

  /** Evaluates `e`; a "not supported" raised inside it is reported at `e` (see positioned). */
  #expr(e: ast.Expr): PyValue {
    try {
      return this.#evaluate(e);
    } catch (err) {
      throw positioned(err, e);
    }
  }

  #evaluate(e: ast.Expr): PyValue {
    switch (e.kind) {
      case 'Name': return this.#lookup(e.id, e);
      case 'Int': return BigInt(e.digits);
      case 'Float': return e.value;
      case 'Str': return e.value;
      case 'Bool': return e.value;
      case 'None': return null;
      case 'Ellipsis': throw unsupported('... outside a subscript', e);
      case 'FString': return this.#fstring(e);
      case 'List': return new PyList(e.elts.map((x) => this.#expr(x)));
      case 'Tuple': return new PyTuple(e.elts.map((x) => this.#expr(x)));
      case 'Attribute': return this.#getAttr(this.#expr(e.value), e.attr, e);
      case 'Subscript': return this.#getItem(this.#expr(e.value), this.#indexKey(e.index));
      case 'Call': return this.#call(e);
      case 'UnaryOp': return this.#unary(e);
      case 'BinOp': return this.#binary(e.op, this.#expr(e.left), this.#expr(e.right), e);
      case 'BoolOp': return this.#boolOp(e);
      case 'Compare': return this.#compare(e);
      case 'IfExp':
        return truthy(this.#expr(e.test)) ? this.#expr(e.body) : this.#expr(e.orelse);
      case 'Lambda':
        return this.#makeFunction(e, '<lambda>');
      case 'Starred':
        // The parser only puts `*x` in calls, which unpack it themselves.
        throw unsupported('starred expression', e);
    }
  }

  // The cases of #evaluate live in their own methods: a recursive call passes
  // through #evaluate, and a small frame there lets scripts recurse deeper.

  #unary(e: ast.UnaryOp): PyValue {
    const v = this.#expr(e.operand);
    const r = unaryOp(e.op, v);
    this.#track(r, [v]);
    return r;
  }

  #boolOp(e: ast.BoolOp): PyValue {
    let v: PyValue = null;
    for (const x of e.values) {
      v = this.#expr(x);
      if (e.op === 'and' ? !truthy(v) : truthy(v)) return v;
    }
    return v;
  }

  #compare(e: ast.Compare): PyValue {
    let left = this.#expr(e.left);
    let result: PyValue = true;
    for (let i = 0; i < e.ops.length; i++) {
      const right = this.#expr(e.comparators[i]);
      result = compareValues(e.ops[i], left, right);
      if (i < e.ops.length - 1 && !truthy(result)) return result;
      left = right;
    }
    return result;
  }

  #binary(op: ast.BinaryOperator, a: PyValue, b: PyValue, at: ast.Span): PyValue {
    if (['<<', '>>', '&', '|', '^'].includes(op)) throw unsupported(op, at);
    if ((op === '//' || op === '%') && (isTensorValue(a) || isTensorValue(b))) throw positioned(notSupported(op, 'on tensors'), at);
    this.#checkBinaryElements(op, a, b);
    const r = binary(op, a, b, this.limits);
    this.#track(r, [a, b]);
    return r;
  }

  /** Refuses a broadcast or matmul result past the limits before it is computed. */
  #checkBinaryElements(op: ast.BinaryOperator, a: PyValue, b: PyValue): void {
    if (!isTensorValue(a) || !isTensorValue(b)) return;
    if (op === '@') {
      checkMatmul(a, b, this.limits, (n) => this.checkElements(n));
      return;
    }
    let shape: number[];
    try {
      shape = broadcastShapes(a.shape, b.shape);
    } catch {
      return;
    }
    this.checkElements(shape.reduce((p, s) => p * s, 1));
  }

  /** Every tensor an expression produces: counted towards the total check, and noted if no_grad cut it. */
  #track(result: PyValue, inputs: readonly PyValue[]): void {
    if (!isTensorValue(result)) return;
    this.#allocated += result.numel + TENSOR_OBJECT_COST;
    this.#noteNoGrad(result, inputs);
  }

  /** Under no_grad, a result is cut from the graph if any input was tracked, or was itself cut (`x**2 - 5`). */
  #noteNoGrad(result: PyValue, inputs: readonly PyValue[]): void {
    if (isGradEnabled() || !isTensorValue(result) || result.requiresGrad) return;
    if (inputs.some((x) => isTensorValue(x) && (x.requiresGrad || this.#cutTensors.has(x)))) this.markCut(result, 'no_grad');
  }

  #fstring(e: ast.FString): string {
    const parts: string[] = [];
    let length = 0;
    for (const p of e.parts) {
      const text = typeof p === 'string' ? p : this.#formatted(p);
      length += text.length;
      checkStringLength(length, this.limits);
      parts.push(text);
    }
    return parts.join('');
  }

  #formatted(f: ast.FormattedValue): string {
    let v = this.#expr(f.value);
    if (f.conversion === 'r' || f.conversion === 'a') v = this.printer.repr(v);
    else if (f.conversion === 's') v = this.printer.str(v);
    return this.printer.format(v, f.formatSpec ?? '');
  }

  #call(e: ast.Call): PyValue {
    const fn = this.#expr(e.func);
    const args = this.#arguments(fn, e.args);
    const kwargs: Kwargs = new Map(e.keywords.map((k) => [k.name, this.#expr(k.value)]));
    // A callable object (a loss module) runs its __call__.
    const target = fn instanceof PyObject && fn.call !== null ? fn.call : fn;
    if (!(target instanceof PyCallable)) throw typeError(`'${typeName(fn)}' object is not callable`);
    // A script function's own statements counted and tracked everything it made.
    if (target instanceof PyFunction) return this.#callFunction(target, args, kwargs);
    return this.#callBuiltin(target, args, kwargs);
  }

  /** Positional arguments, `*xs` unpacked. */
  #arguments(fn: PyValue, exprs: readonly ast.Expr[]): PyValue[] {
    const args: PyValue[] = [];
    for (const a of exprs) {
      if (a.kind !== 'Starred') args.push(this.#expr(a));
      else for (const x of this.#starred(fn, this.#expr(a.value))) args.push(x);
    }
    checkSequenceLength(args.length, 'tuple', this.limits);
    return args;
  }

  #callBuiltin(fn: PyCallable, args: PyValue[], kwargs: Kwargs): PyValue {
    const result = fn.fn(args, kwargs);
    if (isTensorValue(result)) {
      this.checkElements(result.numel);
      const inputs = fn.self === undefined ? args : [fn.self, ...args];
      this.#track(result, inputs);
    } else if (result instanceof PyTuple || result instanceof PyList) {
      // torch.autograd.grad's tuple, tolist()...: new tensors too.
      for (const x of result.items) if (isTensorValue(x)) this.#allocated += x.numel + TENSOR_OBJECT_COST;
    }
    return result;
  }

  /** The items `f(*v)` passes, with Python's error for a value that is not iterable. */
  #starred(fn: PyValue, v: PyValue): PyValue[] {
    if (!(v instanceof PyList || v instanceof PyTuple || v instanceof PyRange || typeof v === 'string' || isTensorValue(v))) {
      if (!(fn instanceof PyCallable)) throw typeError(`Value after * must be an iterable, not ${typeName(v)}`);
      throw typeError(`${callableName(fn)}() argument after * must be an iterable, not ${typeName(v)}`);
    }
    return collect(v, 'tuple', this);
  }

  #getAttr(obj: PyValue, name: string, at: ast.Span): PyValue {
    if (isTensorValue(obj)) return tensorAttribute(this, obj, name);
    if (isNode(obj)) return nodeAttribute(obj, name);
    if (obj instanceof PyModule) {
      const v = obj.attrs.get(name);
      if (v !== undefined) return v;
      if (obj.name === GENERATOR_MODULE_NAME) throw unsupported(`Generator.${name}`, at);
      const known = knownName(obj.name, name);
      if (known !== null) throw unsupported(known, at);
      throw attributeError(`module '${obj.name}' has no attribute '${name}'`);
    }
    if (obj instanceof PyObject) {
      const v = obj.attrs.get(name);
      if (v !== undefined) return v;
      const known = knownName(obj.className, name);
      if (known !== null) throw unsupported(known, at);
      throw attributeError(`'${obj.className}' object has no attribute '${name}'`);
    }
    if (obj === null) throw attributeError(`'NoneType' object has no attribute '${name}'`);
    if (obj instanceof PyList && name === 'append') {
      return new PyCallable('list.append', (args, kwargs) => {
        if (kwargs.size > 0 || args.length !== 1) throw typeError(`list.append() takes exactly one argument (${args.length} given)`);
        checkSequenceLength(obj.items.length + 1, 'list', this.limits);
        obj.items.push(args[0]);
        return null;
      }, obj);
    }
    if (obj instanceof PyTuple && obj.isSize && name === 'numel') {
      return new PyCallable('Size.numel', () => BigInt(obj.items.reduce<number>((p, s) => p * Number(s), 1)), obj);
    }
    if (typeof obj === 'number' && name === 'is_integer') return new PyCallable('float.is_integer', () => Number.isInteger(obj), obj);
    const type = typeName(obj);
    const known = knownName(type, name);
    if (known !== null) throw unsupported(known, at);
    if (obj instanceof PyCallable || obj instanceof PyGradMode) throw unsupported(`${type}.${name}`, at);
    throw attributeError(`'${type === 'Size' ? 'torch.Size' : type}' object has no attribute '${name}'`);
  }

  #setAttr(obj: PyValue, name: string, v: PyValue, at: ast.Span): void {
    if (isTensorValue(obj)) {
      setTensorAttribute(obj, name, v);
      return;
    }
    if (obj === null) throw attributeError(`'NoneType' object has no attribute '${name}'`);
    throw unsupported(`assigning to ${typeName(obj)}.${name}`, at);
  }

  // ------------------------------------------------------------ subscripts

  #indexKey(index: ast.Expr | ast.Slice | ast.IndexTuple): IndexKey {
    if (index.kind === 'IndexTuple') return { items: index.elts.map((x) => this.#indexPart(x)), tuple: true };
    return { items: [this.#indexPart(index)], tuple: false };
  }

  #indexPart(x: ast.Expr | ast.Slice): IndexPart {
    if (x.kind === 'Slice') {
      const part = (p: ast.Expr | null): PyValue => (p === null ? null : this.#expr(p));
      return { slice: [part(x.lower), part(x.upper), part(x.step)] };
    }
    if (x.kind === 'Ellipsis') return { ellipsis: true };
    return { value: this.#expr(x) };
  }

  #getItem(obj: PyValue, key: IndexKey): PyValue {
    if (isTensorValue(obj) && obj.shape.length === 0 && key.items.length === 1 && 'value' in key.items[0] && typeof key.items[0].value === 'bigint') {
      throw indexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
    }
    if (isTensorValue(obj)) {
      const r = indexTensor(obj, tensorIndexItems(key));
      this.#track(r, [obj]);
      return r;
    }
    if (obj instanceof PyList || obj instanceof PyTuple || typeof obj === 'string' || obj instanceof PyRange) {
      if (key.tuple || key.items.length !== 1) {
        throw typeError(`${typeName(obj)} indices must be integers or slices, not tuple`);
      }
      return sequenceItem(obj, key.items[0]);
    }
    if (obj instanceof PyModule || isNode(obj) || obj instanceof PyCallable || obj === null || typeof obj !== 'object') {
      throw typeError(`'${obj instanceof PyCallable && !(obj instanceof PyFunction) ? 'builtin_function_or_method' : typeName(obj)}' object is not subscriptable`);
    }
    throw typeError(`'${typeName(obj)}' object is not subscriptable`);
  }

  #setItem(obj: PyValue, index: ast.Expr | ast.Slice | ast.IndexTuple, v: PyValue): void {
    this.#setItemKey(obj, this.#indexKey(index), v);
  }

  #setItemKey(obj: PyValue, key: IndexKey, v: PyValue): void {
    if (isTensorValue(obj)) {
      // x[i] = v writes through the view x[i] (copy_), so PyTorch names the view in its error.
      if (isGradEnabled() && obj.isLeaf && obj.requiresGrad) throw new PyError('RuntimeError', VIEW_OF_LEAF_MESSAGE);
      const { offsets, shape } = indexOffsets(obj.shape, tensorIndexItems(key));
      fillOffsets(obj, offsets, valuesFor(v, shape));
      return;
    }
    if (obj instanceof PyList) {
      if (key.tuple || key.items.length !== 1 || !('value' in key.items[0])) {
        throw notSupported('slice assignment on lists');
      }
      const i = listIndex(key.items[0].value, obj.items.length, 'list assignment');
      obj.items[i] = v;
      return;
    }
    throw typeError(`'${typeName(obj)}' object does not support item assignment`);
  }
}

// ---------------------------------------------------------------- helpers

type IndexPart = { value: PyValue } | { slice: [PyValue, PyValue, PyValue] } | { ellipsis: true };

interface IndexKey {
  readonly items: IndexPart[];
  /** Written with commas (`a[1, 2]`), so it is a tuple index. */
  readonly tuple: boolean;
}

function sliceBound(v: PyValue, what: string): number | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isTensorValue(v) && v.numel === 1 && v.dtype === 'int64') return v.data[0];
  throw typeError(`slice indices must be integers or None or have an __index__ method${what}`);
}

function tensorIndexItems(key: IndexKey): IndexItem[] {
  const parts = key.items.length === 1 && 'value' in key.items[0] && key.items[0].value instanceof PyTuple
    ? key.items[0].value.items.map((value): IndexPart => ({ value }))
    : key.items;
  return parts.map((p): IndexItem => {
    if ('ellipsis' in p) return { kind: 'ellipsis' };
    if ('slice' in p) {
      const [a, b, c] = p.slice;
      if (sliceBound(c, '') === 0) throw valueError('slice step cannot be zero');
      return { kind: 'slice', start: sliceBound(a, ''), stop: sliceBound(b, ''), step: sliceBound(c, '') };
    }
    const v = p.value;
    if (v === null) return { kind: 'none' };
    if (typeof v === 'bigint') return { kind: 'int', index: int64(v) };
    if (isTensorValue(v) || v instanceof PyList || typeof v === 'boolean') throw notSupported('indexing with a tensor, list or bool (advanced indexing)');
    throw new PyError('IndexError', 'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got ' + typeName(v) + ')');
  });
}

/**
 * The values `a, b = v` unpacks: at most one more than the targets, so
 * `a, b = range(10**9)` fails at once instead of listing a billion ints.
 */
function unpackItems(v: PyValue, targets: number): PyValue[] {
  if (isTensorValue(v) && v.shape.length === 0) throw typeError('iteration over a 0-d tensor');
  if (!(v instanceof PyList || v instanceof PyTuple || v instanceof PyRange || typeof v === 'string' || isTensorValue(v))) {
    throw typeError(`cannot unpack non-iterable ${typeName(v)} object`);
  }
  const out: PyValue[] = [];
  for (const x of iterate(v)) {
    out.push(x);
    if (out.length > targets) break;
  }
  return out;
}

function listIndex(v: PyValue, n: number, what: string): number {
  if (typeof v !== 'bigint' && typeof v !== 'boolean') {
    throw typeError(`${what.split(' ')[0]} indices must be integers or slices, not ${typeName(v)}`);
  }
  if (typeof v === 'bigint' && (v >= 1n << 63n || v < -(1n << 63n))) throw indexError("cannot fit 'int' into an index-sized integer");
  let i = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw indexError(`${what} index out of range`);
  return i;
}

/** Python's slice.indices(): clamped start, stop and the step. */
function sliceIndices(s: [PyValue, PyValue, PyValue], n: number): number[] {
  const step = sliceBound(s[2], '') ?? 1;
  if (step === 0) throw valueError('slice step cannot be zero');
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) v += n;
    if (step > 0) return Math.min(Math.max(v, 0), n);
    return Math.min(Math.max(v, -1), n - 1);
  };
  const start = clamp(sliceBound(s[0], ''), step > 0 ? 0 : n - 1);
  const stop = clamp(sliceBound(s[1], ''), step > 0 ? n : -1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function sequenceItem(obj: PyList | PyTuple | PyRange | string, part: IndexPart): PyValue {
  const name = typeName(obj);
  if (obj instanceof PyRange) {
    if (!('value' in part)) throw notSupported('slicing a range');
    const n = Number(obj.length);
    return obj.at(BigInt(listIndex(part.value, n, 'range object')));
  }
  // Strings index by code point; only one with surrogate pairs needs splitting (a long one costs nothing to index).
  const chars = typeof obj === 'string' && /[\uD800-\uDFFF]/.test(obj) ? [...obj] : null;
  const length = typeof obj === 'string' ? (chars ?? obj).length : obj.items.length;
  const at = (i: number): PyValue => (typeof obj === 'string' ? (chars ?? obj)[i] : obj.items[i]);
  if ('ellipsis' in part) throw typeError(`${name} indices must be integers or slices, not ellipsis`);
  if ('slice' in part) {
    const picked = sliceIndices(part.slice, length).map(at);
    if (typeof obj === 'string') return picked.join('');
    if (obj instanceof PyList) return new PyList(picked);
    return new PyTuple(picked, obj.isSize);
  }
  const label = typeof obj === 'string' ? 'string' : obj instanceof PyList ? 'list' : 'tuple';
  if (typeof part.value !== 'bigint' && typeof part.value !== 'boolean') {
    throw typeError(`${label === 'string' ? 'string' : label} indices must be integers${label === 'string' ? '' : ' or slices'}, not ${typeName(part.value)}`);
  }
  return at(listIndex(part.value, length, label));
}

/** Values written by `x[...] = v`, broadcast to the indexed region's shape. */
function valuesFor(v: PyValue, shape: readonly number[]): ArrayLike<number> {
  if (typeof v === 'bigint') return [Number(v)];
  if (typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [v ? 1 : 0];
  if (isTensorValue(v)) {
    if (v.numel === 1) return [v.data[0]];
    const expanded = withGradMode(false, () => add(zeros(shape, { dtype: v.dtype }), v));
    if (expanded.shape.length !== shape.length || expanded.shape.some((s, i) => s !== shape[i])) {
      throw new PyError('RuntimeError', `shape mismatch: value tensor of shape [${v.shape.join(', ')}] cannot be broadcast to indexing result of shape [${shape.join(', ')}]`);
    }
    return expanded.data;
  }
  throw typeError(`can't assign a ${typeName(v)} to a tensor element`);
}

/**
 * What the graph behind `roots` keeps for backward, estimated from each
 * node's largest input (the tensors an op saves are its inputs; their
 * storage is private to the engine). Nodes are counted once.
 */
function graphElements(roots: readonly Node[]): number {
  const seen = new Set<Node>();
  const stack = [...roots];
  let total = 0;
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n instanceof FunctionNode) {
      let largest = 0;
      for (const m of n.inputMeta) largest = Math.max(largest, m.shape.reduce((p, x) => p * x, 1));
      total += largest;
    }
    for (const e of n.nextEdges) if (e.node !== null && !seen.has(e.node)) stack.push(e.node);
  }
  return total;
}

/** A callable's name as CPython's "argument after *" error shows it (_PyObject_FunctionStr: module, then qualname). */
function callableName(fn: PyCallable): string {
  if (fn instanceof PyFunction) return `__main__.${fn.qualname}`;
  if (fn.name === 'torch.manual_seed') return 'torch.random.manual_seed';
  // torch's functions live on torch._C._VariableFunctions, which is where the error says they are.
  if (fn.self === undefined && fn.name.startsWith('torch.') && fn.name.split('.').length === 2) {
    return `torch._VariableFunctionsClass.${fn.name.slice('torch.'.length)}`;
  }
  return fn.name;
}

/** Names bound anywhere inside a loop body (Name targets, also in nested loops and unpacking). */
function assignedNames(body: readonly ast.Stmt[]): string[] {
  const out = new Set<string>();
  const target = (t: ast.Target): void => {
    if (t.kind === 'Name') out.add(t.id);
    else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach((e) => target(e as ast.Target));
  };
  const walk = (stmts: readonly ast.Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'Assign') s.targets.forEach(target);
      else if (s.kind === 'AugAssign' && s.target.kind === 'Name') out.add(s.target.id);
      else if (s.kind === 'For' || s.kind === 'While' || s.kind === 'If') {
        walk(s.body);
        walk(s.orelse);
      } else if (s.kind === 'With') walk(s.body);
    }
  };
  walk(body);
  return [...out];
}

/**
 * Python values as the interpreter holds them.
 *
 * Python's `2` and `2.0` behave differently (printing, dtype promotion,
 * `int ** int` stays exact), so the two number types get distinct JS types:
 * an int is a `bigint`, a float a `number`, a bool a `boolean`. None is
 * `null`, a str a JS string. Tensors and grad_fn nodes are the engine's own
 * objects; everything else is one of the small classes below.
 */
import type { DType, Node, Tensor } from '../../index';
import type { FunctionDef, Lambda } from '../ast';
import { Node as EngineNode, Tensor as EngineTensor } from '../../index';
import { isParameter } from './parameters';

export type PyValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Tensor
  | Node
  | PyList
  | PyTuple
  | PyRange
  | PyDtype
  | PyModule
  | PyCallable
  | PyGradMode
  | PyObject;

export class PyList {
  constructor(public items: PyValue[]) {}
}

/** A tuple; `isSize` marks torch.Size, a tuple subclass that prints as `torch.Size([..])`. */
export class PyTuple {
  constructor(
    readonly items: readonly PyValue[],
    readonly isSize = false,
  ) {}
}

export class PyRange {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {}

  get length(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }

  at(i: bigint): bigint {
    return this.start + i * this.step;
  }
}

export class PyDtype {
  constructor(readonly dtype: DType) {}
}

export class PyModule {
  constructor(
    readonly name: string,
    readonly attrs: Map<string, PyValue>,
  ) {}
}

/** Keyword arguments in call order. */
export type Kwargs = Map<string, PyValue>;

export type CallFn = (args: PyValue[], kwargs: Kwargs) => PyValue;

/** A builtin function, a torch function or a bound method. */
export class PyCallable {
  constructor(
    /** Python's qualified name, for errors and repr: `print`, `torch.zeros`, `Tensor.add`. */
    readonly name: string,
    readonly fn: CallFn,
    /** The bound object of a method (for repr). */
    readonly self: PyValue | undefined = undefined,
  ) {}
}

/**
 * A function the script defined with `def` or `lambda`. It is callable like
 * a builtin (`fn` runs its body in the interpreter); `closure` is the call
 * of the enclosing function it was defined in, null at module level.
 */
export class PyFunction extends PyCallable {
  constructor(
    /** `f`, `outer.<locals>.inner`, `<lambda>`: what errors and repr show. */
    readonly qualname: string,
    readonly node: FunctionDef | Lambda,
    /** Values of the positional defaults, evaluated once when the def ran (as Python). */
    readonly defaults: readonly PyValue[],
    /** Keyword-only defaults in parameter order; undefined where a parameter has none. */
    readonly kwDefaults: ReadonlyArray<PyValue | undefined>,
    readonly closure: Frame | null,
    fn: CallFn,
  ) {
    super(qualname, fn);
  }
}

/** A class the lab implements (`torch.optim.SGD`): calling it makes an instance; it prints as `<class '...'>`. */
export class PyClass extends PyCallable {
  constructor(
    name: string,
    /** The class's `__module__`.`__qualname__`, as its repr shows it: `torch.optim.sgd.SGD`. */
    readonly qualified: string,
    fn: CallFn,
  ) {
    super(name, fn);
  }
}

/** One running call of a script function: its local variables. */
export interface Frame {
  readonly fn: PyFunction;
  readonly locals: Map<string, PyValue>;
  /** Names local to the function (see scopes.ts) and those it declares global. */
  readonly localNames: ReadonlySet<string>;
  readonly globalNames: ReadonlySet<string>;
  /** Line of the caller's statement that made the call (for tracebacks). */
  readonly callerLine: number;
}

/** torch.no_grad() / enable_grad() / set_grad_enabled(b): a context manager object. */
export class PyGradMode {
  constructor(
    readonly kind: 'no_grad' | 'enable_grad' | 'set_grad_enabled',
    readonly enabled: boolean,
    /** set_grad_enabled switches at construction; the mode to restore on exit. */
    readonly previous: boolean | null,
  ) {}
}

/**
 * An instance of a PyTorch class the lab implements in TypeScript (an
 * optimizer, a loss module): its class name, its attributes and methods by
 * name, how it prints, and `__call__` for the callable ones.
 */
export class PyObject {
  constructor(
    /** Python's class name, as type errors and reprs show it: `SGD`, `MSELoss`. */
    readonly className: string,
    readonly attrs: ReadonlyMap<string, PyValue>,
    /** repr(self); `repr` formats the values it quotes as Python would. */
    readonly reprText: (repr: (v: PyValue) => string) => string,
    /** What `obj(...)` runs (nn.Module.__call__), or null when the object is not callable. */
    public call: PyCallable | null = null,
    /** Tensors the object holds beyond its attributes (an optimizer's state), counted against the memory limit. */
    readonly heldTensors: () => readonly Tensor[] = () => [],
  ) {}
}

export function isTensorValue(v: PyValue | undefined): v is Tensor {
  return v instanceof EngineTensor;
}

export function isNode(v: PyValue | undefined): v is Node {
  return v instanceof EngineNode;
}

export function isInt(v: PyValue): v is bigint {
  return typeof v === 'bigint';
}

export function isFloat(v: PyValue): v is number {
  return typeof v === 'number';
}

/** int, float or bool: what arithmetic accepts. */
export function isNumber(v: PyValue): v is bigint | number | boolean {
  return typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean';
}

/** Python's type name, as error messages spell it. */
export function typeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'str';
  }
  if (v instanceof EngineTensor) return isParameter(v) ? 'Parameter' : 'Tensor';
  if (v instanceof EngineNode) return v.name === 'AccumulateGrad' ? 'AccumulateGrad' : v.name;
  if (v instanceof PyList) return 'list';
  if (v instanceof PyTuple) return v.isSize ? 'Size' : 'tuple';
  if (v instanceof PyRange) return 'range';
  if (v instanceof PyDtype) return 'torch.dtype';
  if (v instanceof PyModule) return 'module';
  if (v instanceof PyFunction) return 'function';
  if (v instanceof PyClass) return 'type';
  if (v instanceof PyCallable) return v.self === undefined ? 'builtin_function_or_method' : 'method';
  if (v instanceof PyObject) return v.className;
  return v.kind;
}

export function tuple(items: readonly PyValue[]): PyTuple {
  return new PyTuple(items);
}

export function sizeOf(shape: readonly number[]): PyTuple {
  return new PyTuple(shape.map((s) => BigInt(s)), true);
}

const dtypes = new Map<DType, PyDtype>();

/** The one PyDtype object per dtype, so `is` and `==` behave. */
export function dtypeValue(d: DType): PyDtype {
  let v = dtypes.get(d);
  if (v === undefined) {
    v = new PyDtype(d);
    dtypes.set(d, v);
  }
  return v;
}

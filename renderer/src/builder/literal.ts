/**
 * Nested list literals (`[[1., 2.], [3., 4.]]`) as the tensor and gradient
 * editors accept them: parsed as the user types, with plain-words errors at a
 * 1-based column, and the shape and the dtype torch.tensor() would infer.
 */

export interface LiteralProblem {
  message: string;
  /** 1-based column in the literal text. */
  col: number;
}

export interface ParsedLiteral {
  shape: number[];
  values: number[];
  /** What torch.tensor() infers: any float makes float32, all ints int64, all bools bool. */
  inferred: 'float32' | 'int64' | 'bool';
}

export type LiteralResult = { ok: true; value: ParsedLiteral } | { ok: false; problem: LiteralProblem };

const NUMBER = /^[+-]?(?:\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?|inf|nan)/;

type Item = { kind: 'number'; value: number; float: boolean; bool: boolean; col: number } | { kind: 'list'; items: Item[]; col: number };

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  fail(message: string, at = this.pos): never {
    throw { message, col: at + 1 } satisfies LiteralProblem;
  }
  item(depth: number): Item {
    this.skipSpace();
    if (depth > 32) this.fail('Lists are nested too deeply (32 levels at most).');
    const col = this.pos;
    const ch = this.text[this.pos];
    if (ch === undefined) this.fail('The value ends too early: a number or a "]" is missing here.');
    if (ch === '[' || ch === '(') return this.list(depth, ch === '[' ? ']' : ')');
    const rest = this.text.slice(this.pos);
    const bool = /^(True|False)\b/.exec(rest);
    if (bool) {
      this.pos += bool[0].length;
      return { kind: 'number', value: bool[0] === 'True' ? 1 : 0, float: false, bool: true, col };
    }
    const num = NUMBER.exec(rest);
    if (!num) this.fail(`Expected a number here, found "${ch}".`);
    const text = num[0];
    this.pos += text.length;
    const float = /[.eE]|inf|nan/.test(text);
    const value = text.endsWith('inf') ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text.replace(/_/g, ''));
    return { kind: 'number', value, float, bool: false, col };
  }
  list(depth: number, close: string): Item {
    const col = this.pos;
    this.pos++;
    const items: Item[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return { kind: 'list', items, col };
      }
      items.push(this.item(depth + 1));
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === close) continue;
      if (next === undefined) this.fail(`A "${close}" is missing to close the list opened at column ${col + 1}.`);
      this.fail(`Expected "," or "${close}" here, found "${next}".`);
    }
  }
}

function shapeOf(item: Item): number[] {
  if (item.kind === 'number') return [];
  if (item.items.length === 0) return [0];
  return [item.items.length, ...shapeOf(item.items[0])];
}

function flatten(item: Item, shape: number[], depth: number, out: Item[]): void {
  if (depth === shape.length) {
    if (item.kind === 'list') throw { message: 'This element is a list where the rows around it hold numbers.', col: item.col + 1 };
    out.push(item);
    return;
  }
  if (item.kind === 'number') {
    throw { message: `Expected a list of ${shape[depth]} here, like the rows before it.`, col: item.col + 1 };
  }
  if (item.items.length !== shape[depth]) {
    throw {
      message: `This list has ${item.items.length} element${item.items.length === 1 ? '' : 's'}, the first one at this depth has ${shape[depth]}: rows must all have the same length.`,
      col: item.col + 1,
    };
  }
  for (const child of item.items) flatten(child, shape, depth + 1, out);
}

export function parseLiteral(text: string): LiteralResult {
  const reader = new Reader(text);
  try {
    reader.skipSpace();
    if (reader.pos === text.length) reader.fail('Type a number or a list such as [1., 2., 3.].');
    const root = reader.item(0);
    reader.skipSpace();
    if (reader.pos < text.length) reader.fail(`Unexpected "${text[reader.pos]}" after the end of the value.`);
    const shape = shapeOf(root);
    const leaves: Item[] = [];
    flatten(root, shape, 0, leaves);
    const numbers = leaves as Array<Extract<Item, { kind: 'number' }>>;
    const inferred = numbers.some((n) => n.float) ? 'float32' : numbers.length > 0 && numbers.every((n) => n.bool) ? 'bool' : numbers.length === 0 ? 'float32' : 'int64';
    return { ok: true, value: { shape, values: numbers.map((n) => n.value), inferred } };
  } catch (e) {
    if (e && typeof e === 'object' && 'message' in e && 'col' in e) return { ok: false, problem: e as LiteralProblem };
    throw e;
  }
}

/** Comma-separated sizes such as "2, 3"; null with a message when malformed. */
export function parseShape(text: string): { ok: true; shape: number[] } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/^[([]|[)\]]$/g, '');
  if (trimmed === '') return { ok: true, shape: [] };
  const parts = trimmed.split(',').map((p) => p.trim()).filter((p, i, all) => p !== '' || i !== all.length - 1);
  const shape: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return { ok: false, message: `"${part}" is not a size: sizes are whole numbers like 2, 3.` };
    shape.push(Number(part));
  }
  return { ok: true, shape };
}

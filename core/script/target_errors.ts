/**
 * What CPython says about expressions used where a target is needed
 * (`1 = x`, `f() += 1`): which part is at fault, and what to call it.
 */
import type { Expr } from './ast';

/** Whether CPython's `bitwise_or` rule would match the whole expression. */
export function isBitwiseOrLevel(e: Expr): boolean {
  switch (e.kind) {
    case 'Compare':
    case 'BoolOp':
    case 'IfExp':
    case 'Lambda':
      return false;
    case 'UnaryOp':
      return e.op !== 'not';
    default:
      return true;
  }
}

/** The part of a would-be assignment target that cannot be assigned to, or null. */
export function invalidTarget(e: Expr): Expr | null {
  switch (e.kind) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      return null;
    case 'Tuple':
    case 'List':
      for (const elt of e.elts) {
        const bad = invalidTarget(elt);
        if (bad) return bad;
      }
      return null;
    default:
      return e;
  }
}

/** CPython's _PyPegen_get_expr_name, for error messages. */
export function exprName(e: Expr): string {
  switch (e.kind) {
    case 'Attribute':
      return 'attribute';
    case 'Subscript':
      return 'subscript';
    case 'Name':
      return 'name';
    case 'List':
      return 'list';
    case 'Tuple':
      return 'tuple';
    case 'Call':
      return 'function call';
    case 'BoolOp':
    case 'BinOp':
    case 'UnaryOp':
      return 'expression';
    case 'Compare':
      return 'comparison';
    case 'IfExp':
      return 'conditional expression';
    case 'Lambda':
      return 'lambda';
    case 'Starred':
      return 'starred';
    case 'FString':
      return 'f-string expression';
    case 'Bool':
      return e.value ? 'True' : 'False';
    case 'None':
      return 'None';
    case 'Ellipsis':
      return 'ellipsis';
    case 'Int':
    case 'Float':
    case 'Str':
      return 'literal';
  }
}

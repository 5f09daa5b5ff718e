/** The CPython-generated fixtures of the script parser tests (see tests/oracle/gen_script_ast.py, gen_syntax_errors.py). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AstCase {
  src: string;
  ast: unknown;
}

export interface ErrorCase {
  src: string;
  ok?: boolean;
  type?: string;
  msg?: string;
  line?: number;
  col?: number;
}

// Read with JSON.parse: the files hold lone-surrogate escapes, which Vite's JSON import rejects.
function load<T>(name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as T;
}

export const astCases = load<{ cases: AstCase[] }>('ast_corpus.json').cases;
export const errorCases = load<{ cases: ErrorCase[] }>('syntax_errors.json').cases;

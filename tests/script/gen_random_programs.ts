/**
 * Writes tests/script/fixtures/random_programs.json: seeded random programs
 * of the whole subset (printed with printAst), which
 * tests/oracle/gen_script_ast.py then parses with CPython into the AST corpus.
 *
 *     npx tsx tests/script/gen_random_programs.ts && /usr/bin/python3 tests/oracle/gen_script_ast.py
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { printAst } from '../../core/script/ast_print';
import { moduleArbitrary } from './ast_arbitrary';

// JSON has no Infinity, and CPython's tree would hold one for `1e309`.
const programs = fc
  .sample(moduleArbitrary, { numRuns: 400, seed: 20240611 })
  .map((m) => printAst(m))
  .filter((src) => !src.includes('1e309') && src.length < 600)
  .slice(0, 150);
writeFileSync(join(import.meta.dirname, 'fixtures', 'random_programs.json'), JSON.stringify(programs, null, 1) + '\n');
console.log(`wrote ${programs.length} programs`);

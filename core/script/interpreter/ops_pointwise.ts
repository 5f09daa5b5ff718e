/**
 * Tensor ops (see ops_table.ts for the shape of a spec), registered into
 * opsTable (torch.name and Tensor.name) and functionalTable (F.name).
 */
import type { OpSpec } from './ops_table';

export const pointwiseOps: Record<string, OpSpec> = {};

export const pointwiseFunctional: Record<string, OpSpec> = {};

export { Generator, defaultGenerator, manualSeed, DEFAULT_RNG_SEED } from './generator';
export type { FloatDType, FloatArray, GeneratorState } from './generator';
export { Mt19937 } from './mt19937';
export type { Mt19937State } from './mt19937';

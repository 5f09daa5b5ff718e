/**
 * Double-precision log/sin/cos used by PyTorch's Box–Muller paths. PyTorch calls glibc's libm;
 * these must round the same way for float64 randn to be bit-exact.
 */
export const libmLog = Math.log;
export const libmSin = Math.sin;
export const libmCos = Math.cos;

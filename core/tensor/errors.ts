/**
 * Errors that surface to scripts as the Python exception PyTorch would raise.
 * `pyType` is the Python class name printed as `pyType: message`.
 */
export class TorchError extends Error {
  readonly pyType: string;
  constructor(pyType: string, message: string) {
    super(message);
    this.pyType = pyType;
    this.name = pyType;
  }
}

export const runtimeError = (message: string): TorchError => new TorchError('RuntimeError', message);
export const typeError = (message: string): TorchError => new TorchError('TypeError', message);
export const valueError = (message: string): TorchError => new TorchError('ValueError', message);
export const indexError = (message: string): TorchError => new TorchError('IndexError', message);
export const notImplemented = (message: string): TorchError => new TorchError('NotImplementedError', message);

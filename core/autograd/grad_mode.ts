/** Global grad mode, as torch.is_grad_enabled(). Scripts run one at a time per worker. */
let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

export function setGradEnabled(flag: boolean): void {
  enabled = flag;
}

/** Runs fn under the given grad mode and restores the previous one, even on error. */
export function withGradMode<T>(flag: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = flag;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

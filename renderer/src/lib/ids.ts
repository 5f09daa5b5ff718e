/** Ids for runs and builder rows; crypto.randomUUID needs a secure context, which both editions are. */
export function newId(): string {
  return crypto.randomUUID();
}

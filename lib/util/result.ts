/** A success carrying a value. */
export type Ok<T> = { ok: true; value: T };
/** A failure carrying its error, a plain-words text unless said otherwise. */
export type Err<E = string> = { ok: false; error: E };
/** The outcome of validating something at an edge: a value, or a plain-words error. */
export type Result<T, E = string> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E = string>(error: E): Err<E> => ({ ok: false, error });

/** What a caught value says: an Error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

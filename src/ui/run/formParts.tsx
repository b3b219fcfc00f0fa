import type { ReactNode } from 'react';
import { VmError } from '../../worker-vm/client';
import { useWriteBlocked } from './readOnly';

/** Returned by a submit handler when the shared settings (value, gas limit) were refused at their fields. */
export const REFUSED = Symbol('refused');

/** What a form says when the shared value/gas settings above it did not check out (nothing was sent). */
export const CHECK_SETTINGS = 'Check the value and gas limit fields above.';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The worker's refusal at the form's fields (by path), or as the form's own error. With `foldUnder`, paths
 * inside a structured field (`params.to.$address`) are shown under that field, prefixed with their path.
 */
export function workerFieldErrors(error: unknown, foldUnder?: string): Record<string, string> {
  if (!(error instanceof VmError) || error.fields.length === 0) return { form: describe(error) };
  const out: Record<string, string> = {};
  for (const field of error.fields) {
    const inside = foldUnder !== undefined && field.path.startsWith(`${foldUnder}.`);
    const key = inside || field.path === foldUnder ? foldUnder! : field.path;
    const text = inside ? `${field.path}: ${field.message}` : field.message;
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}

/** A sent message's outcome into the form: the result, or the settings problem when nothing was sent. */
export function showSent(
  outcome: ReactNode | typeof REFUSED,
  setErrors: (errors: Record<string, string>) => void,
  setResult: (result: ReactNode) => void,
): void {
  if (outcome === REFUSED) setErrors({ form: CHECK_SETTINGS });
  else setResult(outcome);
}

/** A form's submit button that sends a message: disabled, with the reason, in a read-only tab. */
export function WriteButton({
  testId,
  disabled = false,
  children,
}: {
  testId?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  const blocked = useWriteBlocked();
  return (
    <button
      type="submit"
      className="small-button"
      disabled={disabled || blocked !== null}
      title={blocked ?? undefined}
      data-testid={testId}
    >
      {children}
    </button>
  );
}

/** The form-level error (if any) and the last result, under a form's fields. */
export function FormFooter({ error, result }: { error: string | undefined; result: ReactNode }) {
  return (
    <>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      {result}
    </>
  );
}

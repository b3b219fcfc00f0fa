import { type ReactNode, useId } from 'react';

export interface FieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  placeholder?: string;
  hint?: string;
  /** Extra controls after the input (a unit picker). */
  after?: ReactNode;
  testId?: string;
  mono?: boolean;
}

/** A labelled text field with its error right below it (announced to screen readers). */
export function Field({
  label,
  value,
  onChange,
  error,
  placeholder,
  hint,
  after,
  testId,
  mono = true,
}: FieldProps) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
        {hint && <span className="field-hint">{hint}</span>}
      </label>
      <div className="field-row">
        <input
          id={id}
          className={mono ? 'mono' : undefined}
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid={testId}
          onChange={(e) => onChange(e.target.value)}
        />
        {after}
      </div>
      {error && (
        <div id={`${id}-error`} className="field-error" role="alert" data-testid="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { AbiParameter } from 'viem';
import { VmError } from '../../worker-vm/client';
import { type FormValue, paramLabel } from '../../worker-vm/session/abi/abiInput';
import { Field } from './Field';
import { CHECK_SETTINGS, REFUSED } from './formParts';
import { useWriteBlocked } from './readOnly';
import { useTxSettings } from './txSettings';
import { argumentErrors, checkArguments, type FieldMessages } from './validate';

export type CallKind = 'read' | 'write' | 'payable' | 'deploy';

export interface CallFormProps {
  name: string;
  inputs: readonly AbiParameter[];
  kind: CallKind;
  /** Sends the call; may return something to show under the form (a read's result). */
  onSubmit(args: FormValue[]): Promise<ReactNode | typeof REFUSED | undefined>;
  /** Dry-runs the call for a gas estimate, as text. */
  onEstimate?(args: FormValue[]): Promise<string | typeof REFUSED>;
  buttonLabel?: string;
  /** Submits the form when it changes (keyboard shortcut, command palette); 0 never does. */
  trigger?: number;
}

const hintOf = (param: AbiParameter): string => {
  if (param.type === 'address') return 'f0 / f1 / f2 / f3 / f410 / 0x';
  if (/\[\d*\]$/.test(param.type)) return 'list: [a, b]';
  if (param.type === 'tuple') return 'tuple: (a, b)';
  if (/^bytes\d*$/.test(param.type)) return '0x…';
  if (/int/.test(param.type)) return '123, 0x7b, 1e18, 1.5 ether';
  return '';
};

const emptyValue = (param: AbiParameter): FormValue =>
  param.type === 'tuple'
    ? ((param as { components?: readonly AbiParameter[] }).components ?? []).map(() => '')
    : '';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A form generated from an ABI: one typed field per parameter (a tuple gets a field per component), checked
 * locally before anything is sent and again by the worker (which also resolves Filecoin addresses); every
 * problem is shown at its field and nothing is sent.
 */
export function CallForm({
  name,
  inputs,
  kind,
  onSubmit,
  onEstimate,
  buttonLabel,
  trigger = 0,
}: CallFormProps) {
  const [values, setValues] = useState<FormValue[]>(() => inputs.map(emptyValue));
  const [errors, setErrors] = useState<FieldMessages>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<ReactNode>(null);
  const [estimate, setEstimate] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A read-only tab sends nothing: reads and estimates stay.
  const writeBlocked = useWriteBlocked();
  const blocked = kind === 'read' ? null : writeBlocked;

  const setValue = (index: number, value: FormValue) => {
    setValues((current) => current.map((v, i) => (i === index ? value : v)));
    const label = paramLabel(inputs[index]!, index);
    if (errors[label]) setErrors(({ [label]: _, ...rest }) => rest);
  };

  /** Shows the worker's refusal at the fields it names. */
  const showError = (error: unknown) => {
    if (error instanceof VmError && error.fields.length > 0) {
      const fieldErrors = argumentErrors(inputs, error.fields, 'args.');
      const shared: FieldMessages = {};
      for (const field of error.fields)
        if (!field.path.startsWith('args.')) shared[field.path] = field.message;
      setErrors(fieldErrors);
      if (shared.value || shared.gasLimit) useTxSettings.getState().setErrors(shared);
      const elsewhere = Object.entries(shared).filter(([path]) => path !== 'value' && path !== 'gasLimit');
      setProblem(
        elsewhere.length > 0 ? elsewhere.map(([path, message]) => `${path}: ${message}`).join('; ') : null,
      );
      return;
    }
    setProblem(describe(error));
  };

  const run = async (action: 'submit' | 'estimate') => {
    setProblem(null);
    if (action === 'submit' && blocked) {
      setProblem(blocked);
      return;
    }
    const local = checkArguments(inputs, values);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      // The answer shown belongs to earlier arguments: it must not read as this input's.
      setResult(null);
      setEstimate(null);
      return;
    }
    setBusy(true);
    try {
      if (action === 'estimate' && onEstimate) {
        const text = await onEstimate(values);
        if (text === REFUSED) setProblem(CHECK_SETTINGS);
        else setEstimate(text);
        return;
      }
      const outcome = await onSubmit(values);
      if (outcome === REFUSED) setProblem(CHECK_SETTINGS);
      else if (outcome !== undefined) setResult(outcome);
    } catch (error) {
      setResult(null);
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const runRef = useRef(run);
  runRef.current = run;
  // Only a change after the form appeared submits it (a form re-created after a compile must not).
  const lastTrigger = useRef(trigger);
  useEffect(() => {
    if (trigger === lastTrigger.current) return;
    lastTrigger.current = trigger;
    if (trigger > 0) void runRef.current('submit');
  }, [trigger]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run('submit');
  };

  return (
    <form className={`call-form call-${kind}`} onSubmit={submit} data-testid={`call-form-${name}`} noValidate>
      <div className="call-head">
        <button
          type="submit"
          className={`call-button call-button-${kind}${blocked ? ' call-button-blocked' : ''}`}
          disabled={busy || blocked !== null}
          title={blocked ?? `${kind === 'read' ? 'Read' : 'Send'} ${name}`}
        >
          {buttonLabel ?? name}
        </button>
        {kind !== 'read' && onEstimate && (
          <button type="button" className="link-button" disabled={busy} onClick={() => void run('estimate')}>
            estimate gas
          </button>
        )}
        {estimate && <span className="dim">{estimate}</span>}
      </div>
      {inputs.map((param, i) => {
        const label = paramLabel(param, i);
        const components = (param as { components?: readonly AbiParameter[] }).components;
        if (param.type === 'tuple' && components) {
          const tuple = (values[i] as FormValue[]) ?? [];
          return (
            <fieldset key={label} className={`tuple-field${errors[label] ? ' has-error' : ''}`}>
              <legend>
                {label} <span className="field-hint">{param.internalType ?? 'tuple'}</span>
              </legend>
              {components.map((component, k) => (
                <Field
                  key={paramLabel(component, k)}
                  label={`${paramLabel(component, k)} (${component.type})`}
                  hint={hintOf(component)}
                  value={typeof tuple[k] === 'string' ? (tuple[k] as string) : ''}
                  onChange={(text) =>
                    setValue(
                      i,
                      tuple.map((v, j) => (j === k ? text : v)),
                    )
                  }
                />
              ))}
              {errors[label] && (
                <div className="field-error" role="alert" data-testid="field-error">
                  {errors[label]}
                </div>
              )}
            </fieldset>
          );
        }
        return (
          <Field
            key={label}
            label={`${label} (${param.type})`}
            hint={hintOf(param)}
            value={values[i] as string}
            error={errors[label]}
            onChange={(text) => setValue(i, text)}
          />
        );
      })}
      {problem && (
        <div className="field-error" role="alert" data-testid="form-error">
          {problem}
        </div>
      )}
      {result}
    </form>
  );
}

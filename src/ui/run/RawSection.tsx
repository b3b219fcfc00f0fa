import { type FormEvent, type ReactNode, useState } from 'react';
import { VmError } from '../../worker-vm/client';
import { useChain } from '../state/chain';
import { REFUSED } from './CallForm';
import { Field } from './Field';
import { useWriteBlocked } from './readOnly';
import { ReadOutcome, sendTx } from './send';
import { checkAddress, checkHex, type FieldMessages } from './validate';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Errors the worker gives for `to`, `calldata`, `params`, `method`: at their fields. */
function workerErrors(error: unknown): FieldMessages {
  if (error instanceof VmError && error.fields.length > 0)
    return Object.fromEntries(error.fields.map((f) => [f.path, f.message]));
  return { form: describe(error) };
}

/** Raw calldata to any contract (as a transaction or a read), and a raw Filecoin message. */
export function RawSection() {
  return (
    <section className="run-section" aria-label="Raw messages">
      <h3 className="section-title">Raw</h3>
      <RawCalldataForm />
      <RawSendForm />
    </section>
  );
}

function RawCalldataForm() {
  const blocked = useWriteBlocked();
  const [to, setTo] = useState('');
  const [calldata, setCalldata] = useState('0x');
  const [errors, setErrors] = useState<FieldMessages>({});
  const [result, setResult] = useState<ReactNode>(null);
  const run = async (readOnly: boolean) => {
    if (!readOnly && blocked) return;
    const next: FieldMessages = {};
    const addressProblem = checkAddress(to);
    if (addressProblem) next.to = addressProblem;
    const hexProblem = checkHex(calldata, true);
    if (hexProblem) next.calldata = hexProblem;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    try {
      if (readOnly) {
        const from = useChain.getState().sender ?? undefined;
        const view = await useChain.getState().read({ kind: 'raw', to, calldata, ...(from ? { from } : {}) });
        setResult(<ReadOutcome view={view} />);
        return;
      }
      const outcome = await sendTx((common) => ({ ...common, kind: 'raw', to, calldata }), 'raw calldata');
      if (outcome === REFUSED) setErrors({ form: 'Check the value and gas limit fields above.' });
      else setResult(outcome);
    } catch (error) {
      setErrors(workerErrors(error));
    }
  };
  return (
    <form
      className="mini-form"
      noValidate
      data-testid="raw-calldata"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void run(false);
      }}
    >
      <h4>Calldata</h4>
      <Field label="To" placeholder="f410… / 0x… / f0…" value={to} onChange={setTo} error={errors.to} />
      <Field label="Calldata" value={calldata} onChange={setCalldata} error={errors.calldata} />
      <div className="field-row">
        <button
          type="submit"
          className="small-button"
          disabled={blocked !== null}
          title={blocked ?? undefined}
          data-testid="raw-transact"
        >
          Transact
        </button>
        <button type="button" className="small-button" onClick={() => void run(true)}>
          Call (read-only)
        </button>
      </div>
      {errors.form && (
        <div className="field-error" role="alert">
          {errors.form}
        </div>
      )}
      {result}
    </form>
  );
}

function RawSendForm() {
  const blocked = useWriteBlocked();
  const [to, setTo] = useState('');
  const [method, setMethod] = useState('0');
  const [params, setParams] = useState('');
  const [errors, setErrors] = useState<FieldMessages>({});
  const [result, setResult] = useState<ReactNode>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    const next: FieldMessages = {};
    const addressProblem = checkAddress(to);
    if (addressProblem) next.to = addressProblem;
    if (!/^\d+$/.test(method.trim())) next.method = 'a method number is a whole number (0 sends FIL)';
    const hexProblem = checkHex(params, true);
    if (hexProblem) next.params = hexProblem;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    try {
      const outcome = await sendTx(
        (common) => ({
          ...common,
          kind: 'send',
          to,
          method: Number(method.trim()),
          ...(params.trim() && params.trim() !== '0x' ? { params } : {}),
        }),
        `send (method ${method.trim()})`,
      );
      if (outcome === REFUSED) setErrors({ form: 'Check the value and gas limit fields above.' });
      else setResult(outcome);
    } catch (error) {
      setErrors(workerErrors(error));
    }
  };
  return (
    <form className="mini-form" noValidate onSubmit={submit} data-testid="raw-send">
      <h4>Filecoin message (value from the settings above)</h4>
      <Field label="To" placeholder="any address" value={to} onChange={setTo} error={errors.to} />
      <Field label="Method" value={method} onChange={setMethod} error={errors.method} />
      <Field
        label="Params (CBOR hex)"
        placeholder="0x (none)"
        value={params}
        onChange={setParams}
        error={errors.params}
      />
      <button
        type="submit"
        className="small-button"
        disabled={blocked !== null}
        title={blocked ?? undefined}
        data-testid="raw-send-button"
      >
        Send message
      </button>
      {errors.form && (
        <div className="field-error" role="alert">
          {errors.form}
        </div>
      )}
      {result}
    </form>
  );
}

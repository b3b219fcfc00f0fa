import { type FormEvent, type ReactNode, useState } from 'react';
import { useChain } from '../state/chain';
import { Field } from './Field';
import { FormFooter, showSent, WriteButton, workerFieldErrors } from './formParts';
import { useWriteBlocked } from './readOnly';
import { ReadOutcome, sendTx } from './send';
import { checkAddress, checkHex, type FieldMessages } from './validate';

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
      showSent(outcome, setErrors, setResult);
    } catch (error) {
      setErrors(workerFieldErrors(error));
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
        <WriteButton testId="raw-transact">Transact</WriteButton>
        <button type="button" className="small-button" onClick={() => void run(true)}>
          Call (read-only)
        </button>
      </div>
      <FormFooter error={errors.form} result={result} />
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
      showSent(outcome, setErrors, setResult);
    } catch (error) {
      setErrors(workerFieldErrors(error));
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
      <WriteButton testId="raw-send-button">Send message</WriteButton>
      <FormFooter error={errors.form} result={result} />
    </form>
  );
}

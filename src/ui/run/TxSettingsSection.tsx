import { useId } from 'react';
import { filText } from '../format';
import { useChain } from '../state/chain';
import { NONE } from '../state/none';
import { Field } from './Field';
import { READ_ONLY_REASON, useWriteBlocked } from './readOnly';
import './run.css';
import { useTxSettings } from './txSettings';
import type { FilUnit } from './validate';

/** Sender, value and gas limit: shared by every form below (deploy, calls, raw calldata). */
export function TxSettingsSection() {
  const accounts = useChain((s) => s.state?.accounts ?? NONE);
  const sender = useChain((s) => s.sender);
  const setSender = useChain((s) => s.setSender);
  const settings = useTxSettings();
  const id = useId();
  const blocked = useWriteBlocked();
  return (
    <section className="run-section" aria-label="Transaction settings">
      <h3 className="section-title">Transaction</h3>
      {blocked && (
        <p className="run-read-only" role="status" title={blocked} data-testid="run-read-only">
          {READ_ONLY_REASON}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-sender`} className="field-label">
          Sender
        </label>
        <select
          id={`${id}-sender`}
          value={sender ?? ''}
          onChange={(e) => setSender(e.target.value)}
          data-testid="sender"
        >
          {accounts.map((account) => (
            <option key={account.robust ?? account.id} value={account.robust ?? account.id ?? ''}>
              {account.label} · {account.eth ?? account.robust} · {filText(account.balance)}
            </option>
          ))}
        </select>
      </div>
      <Field
        label="Value"
        value={settings.value}
        onChange={(value) => settings.set({ value })}
        error={settings.errors.value}
        testId="tx-value"
        after={
          <select
            aria-label="Value unit"
            value={settings.unit}
            onChange={(e) => settings.set({ unit: e.target.value as FilUnit })}
          >
            <option value="FIL">FIL</option>
            <option value="attoFIL">attoFIL</option>
          </select>
        }
      />
      <Field
        label="Gas limit"
        hint="empty: dry run + 25%"
        placeholder="estimate"
        value={settings.gasLimit}
        onChange={(gasLimit) => settings.set({ gasLimit })}
        error={settings.errors.gasLimit}
        testId="tx-gas-limit"
      />
    </section>
  );
}

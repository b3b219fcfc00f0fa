import { type FormEvent, useState } from 'react';
import { VmError } from '../../worker-vm/client';
import type { TxDetail } from '../../worker-vm/session/views';
import { CopyButton } from '../common/Values';
import { filText } from '../format';
import { useChain } from '../state/chain';
import { NONE } from '../state/none';
import { Field } from './Field';
import { WriteButton } from './formParts';
import { useWriteBlocked } from './readOnly';
import { TxOutcome } from './send';
import { checkAddress, checkValue, type FieldMessages, type FilUnit } from './validate';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Genesis and created accounts in every address form, with balances; pick one as the sender. */
export function AccountsSection() {
  const accounts = useChain((s) => s.state?.accounts ?? NONE);
  const sender = useChain((s) => s.sender);
  const setSender = useChain((s) => s.setSender);
  return (
    <section className="run-section" aria-label="Accounts">
      <h3 className="section-title">Accounts</h3>
      <ul className="account-list" data-testid="accounts">
        {accounts.map((account) => {
          const address = account.robust ?? account.id ?? '';
          const selected = address === sender;
          return (
            <li key={address} className={selected ? 'account selected' : 'account'}>
              <button
                type="button"
                className="account-pick"
                aria-pressed={selected}
                title="Use as sender"
                onClick={() => setSender(address)}
              >
                <span className="account-label">{account.label}</span>
                <span className="account-balance">{filText(account.balance)}</span>
              </button>
              <div className="account-forms mono">
                <span title="ID address">{account.id ?? 'no actor yet'}</span>
                <span title={account.robust ?? ''}>{account.robust}</span>
                <span title="Ethereum address">{account.eth}</span>
                <span className="dim">
                  {account.actorType ?? 'not on chain'} · nonce {account.nonce}
                </span>
              </div>
              {account.privateKey && (
                <details className="account-key" data-testid="account-key">
                  <summary className="dim">private key</summary>
                  <span className="mono">{account.privateKey}</span>
                  <CopyButton value={account.privateKey} label={`Copy the private key of ${account.label}`} />
                  <div className="dim small">
                    A test key from the playground's fixed seed: anyone can derive it. Never send real funds
                    to it.
                  </div>
                </details>
              )}
            </li>
          );
        })}
      </ul>
      <CreateAccountForm />
      <FundForm />
    </section>
  );
}

function AmountField(props: {
  amount: string;
  unit: FilUnit;
  onAmount(value: string): void;
  onUnit(unit: FilUnit): void;
  error?: string | undefined;
  label: string;
}) {
  return (
    <Field
      label={props.label}
      value={props.amount}
      onChange={props.onAmount}
      error={props.error}
      after={
        <select
          aria-label={`${props.label} unit`}
          value={props.unit}
          onChange={(e) => props.onUnit(e.target.value as FilUnit)}
        >
          <option value="FIL">FIL</option>
          <option value="attoFIL">attoFIL</option>
        </select>
      }
    />
  );
}

function CreateAccountForm() {
  const blocked = useWriteBlocked();
  const [kind, setKind] = useState<'eth' | 'secp256k1'>('eth');
  const [amount, setAmount] = useState('100');
  const [unit, setUnit] = useState<FilUnit>('FIL');
  const [errors, setErrors] = useState<FieldMessages>({});
  const [outcome, setOutcome] = useState<TxDetail | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    const checked = checkValue(amount, unit);
    const funder = useChain.getState().sender;
    if ('error' in checked || !funder) {
      setErrors('error' in checked ? { amount: checked.error } : { amount: 'pick a sender first' });
      return;
    }
    try {
      setOutcome(await useChain.getState().createAccount({ kind, funder, amount: checked.value }));
      setErrors({});
    } catch (error) {
      setErrors({ amount: error instanceof VmError ? error.message.replace(/^\w+: /, '') : describe(error) });
    }
  };
  return (
    <form className="mini-form" onSubmit={submit} noValidate data-testid="create-account">
      <h4>New account, funded by the sender</h4>
      <div className="field-row">
        <select
          aria-label="Account kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'eth' | 'secp256k1')}
        >
          <option value="eth">Ethereum (f410)</option>
          <option value="secp256k1">secp256k1 (f1)</option>
        </select>
      </div>
      <AmountField
        label="Funding"
        amount={amount}
        unit={unit}
        onAmount={setAmount}
        onUnit={setUnit}
        error={errors.amount}
      />
      <WriteButton testId="create-account-button">Create account</WriteButton>
      {outcome && <TxOutcome detail={outcome} />}
    </form>
  );
}

function FundForm() {
  const blocked = useWriteBlocked();
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<FilUnit>('FIL');
  const [errors, setErrors] = useState<FieldMessages>({});
  const [outcome, setOutcome] = useState<TxDetail | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    const next: FieldMessages = {};
    const addressProblem = checkAddress(to);
    if (addressProblem) next.to = addressProblem;
    const checked = checkValue(amount, unit);
    if ('error' in checked) next.amount = checked.error;
    const from = useChain.getState().sender;
    if (!from) next.to = 'pick a sender first';
    setErrors(next);
    if (Object.keys(next).length > 0 || 'error' in checked || !from) return;
    try {
      const detail = await useChain
        .getState()
        .submit({ kind: 'send', from, to, value: checked.value }, `send ${checked.value}`);
      setOutcome(detail);
    } catch (error) {
      if (error instanceof VmError && error.where)
        setErrors({ [error.where === 'value' ? 'amount' : 'to']: error.message.replace(/^\w+: /, '') });
      else setErrors({ to: describe(error) });
    }
  };
  return (
    <form className="mini-form" onSubmit={submit} noValidate data-testid="fund-account">
      <h4>Send FIL</h4>
      <Field label="To" placeholder="f0… / f1… / f410… / 0x…" value={to} onChange={setTo} error={errors.to} />
      <AmountField
        label="Amount"
        amount={amount}
        unit={unit}
        onAmount={setAmount}
        onUnit={setUnit}
        error={errors.amount}
      />
      <WriteButton testId="fund-button">Send</WriteButton>
      {outcome && <TxOutcome detail={outcome} />}
    </form>
  );
}

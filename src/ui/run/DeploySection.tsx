import { type FormEvent, useEffect, useId, useState } from 'react';
import type { AbiParameter } from 'viem';
import { VmError, vmSession } from '../../worker-vm/client';
import { useCompileStore } from '../compile/compileStore';
import { useChain } from '../state/chain';
import { usePanels } from '../state/panels';
import { CallForm } from './CallForm';
import { Field } from './Field';
import { useWriteBlocked } from './readOnly';
import { estimateTx, sendTx } from './send';
import { checkAddress } from './validate';

/** Picks a compiled contract, deploys it with its constructor's arguments, or binds it to an address. */
export function DeploySection() {
  const artifacts = useChain((s) => s.artifacts);
  const compileResult = useCompileStore((s) => s.result);
  const [selected, setSelected] = useState<string>('');
  const generation = useChain((s) => s.generation);
  const deployRequest = usePanels((s) => s.deployRequest);
  const id = useId();
  const deployable = artifacts.filter((a) => a.deployable);

  // Keep the choice across compiles (by file and name); pick the first contract otherwise.
  useEffect(() => {
    const current = artifacts.find((a) => a.key === selected);
    if (current) return;
    const previous = selected.split(':').slice(1).join(':');
    const same = deployable.find((a) => `${a.file}:${a.name}` === previous);
    setSelected(same?.key ?? deployable.at(-1)?.key ?? '');
  }, [artifacts, selected, deployable]);

  const artifact = artifacts.find((a) => a.key === selected);
  const abi = compileResult?.contracts.find(
    (c) => artifact && c.file === artifact.file && c.name === artifact.name,
  )?.abi;
  const constructorInputs: readonly AbiParameter[] =
    abi?.find((item) => item.type === 'constructor')?.inputs ?? [];
  const payable = abi?.some((item) => item.type === 'constructor' && item.stateMutability === 'payable');

  return (
    <section className="run-section" aria-label="Deploy">
      <h3 className="section-title">Deploy</h3>
      {deployable.length === 0 ? (
        <p className="dim">Compile (Ctrl+S) to deploy a contract.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-contract`} className="field-label">
              Contract
            </label>
            <select
              id={`${id}-contract`}
              value={selected}
              onChange={(e) => setSelected(e.target.value)}
              data-testid="deploy-contract"
            >
              {deployable.map((a) => (
                <option key={a.key} value={a.key}>
                  {a.name} — {a.file}
                </option>
              ))}
            </select>
          </div>
          {artifact && (
            <CallForm
              key={`${generation}:${artifact.key}`}
              name="Deploy"
              buttonLabel={`Deploy ${artifact.name}`}
              inputs={constructorInputs}
              kind={payable ? 'payable' : 'deploy'}
              trigger={deployRequest}
              onSubmit={(args) =>
                sendTx(
                  (common) => ({ ...common, kind: 'deploy', artifactKey: artifact.key, args }),
                  `deploy ${artifact.name}`,
                )
              }
              onEstimate={(args) =>
                estimateTx((common) => ({ ...common, kind: 'deploy', artifactKey: artifact.key, args }))
              }
            />
          )}
          {artifact && <AtAddressForm artifactKey={artifact.key} name={artifact.name} />}
        </>
      )}
    </section>
  );
}

function AtAddressForm({ artifactKey, name }: { artifactKey: string; name: string }) {
  const blocked = useWriteBlocked();
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    const problem = checkAddress(address);
    if (problem) {
      setError(problem);
      return;
    }
    try {
      await vmSession().atAddress({ address, artifactKey });
      await useChain.getState().refresh();
      setAddress('');
      setError(undefined);
    } catch (e) {
      setError(e instanceof VmError ? e.message.replace(/^address: /, '') : String(e));
    }
  };
  return (
    <form className="at-address" onSubmit={submit} noValidate data-testid="at-address">
      <Field
        label={`${name} at address`}
        hint="an existing contract"
        placeholder="f0… / f410… / 0x…"
        value={address}
        onChange={(v) => {
          setAddress(v);
          setError(undefined);
        }}
        error={error}
        after={
          <button
            type="submit"
            className="small-button"
            disabled={blocked !== null}
            title={blocked ?? 'Bind the contract at this address'}
          >
            At address
          </button>
        }
      />
    </form>
  );
}

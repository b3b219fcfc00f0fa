import { useState } from 'react';
import type { Abi, AbiFunction } from 'viem';
import { formatAbiItem } from 'viem/utils';
import type { ContractView } from '../../worker-vm/session/views';
import { AddressList } from '../common/Values';
import { filText } from '../format';
import { useChain } from '../state/chain';
import { NONE } from '../state/none';
import { CallForm, type CallKind } from './CallForm';
import { estimateTx, ReadOutcome, sendTx } from './send';

const kindOf = (fn: AbiFunction): CallKind =>
  fn.stateMutability === 'view' || fn.stateMutability === 'pure'
    ? 'read'
    : fn.stateMutability === 'payable'
      ? 'payable'
      : 'write';

/** The contracts of the session: addresses in every form, balance, and a form per function. */
export function ContractsSection() {
  const contracts = useChain((s) => s.state?.contracts ?? NONE);
  // A replaced chain (reset, live replay) starts the forms over: old results belong to old messages.
  const generation = useChain((s) => s.generation);
  return (
    <section className="run-section" aria-label="Deployed contracts">
      <h3 className="section-title">Deployed contracts</h3>
      {contracts.length === 0 && <p className="dim">None yet.</p>}
      {[...contracts].reverse().map((contract) => (
        <ContractCard key={`${generation}:${contract.index}`} contract={contract} />
      ))}
    </section>
  );
}

function ContractCard({ contract }: { contract: ContractView }) {
  const [open, setOpen] = useState(true);
  const abi = (contract.abi ?? []) as Abi;
  const functions = abi
    .filter((item): item is AbiFunction => item.type === 'function')
    .sort(
      (a, b) => Number(kindOf(a) === 'read') - Number(kindOf(b) === 'read') || a.name.localeCompare(b.name),
    );
  return (
    <div className="contract-card" data-testid={`contract-${contract.name}`} data-index={contract.index}>
      <button
        type="button"
        className="contract-card-head"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span>{open ? '▾' : '▸'}</span>
        <strong>{contract.name}</strong>
        <span className="dim">
          #{contract.index} · {contract.source} · {filText(contract.balance)}
        </span>
      </button>
      {open && (
        <div className="contract-card-body">
          <AddressList forms={contract} />
          {functions.length === 0 && <p className="dim">No ABI: use raw calldata below.</p>}
          {functions.map((fn) => {
            const signature = formatAbiItem(fn);
            const kind = kindOf(fn);
            const label = fn.name;
            return (
              <CallForm
                key={signature}
                name={label}
                inputs={fn.inputs}
                kind={kind}
                onSubmit={async (args) => {
                  if (kind === 'read') {
                    const from = useChain.getState().sender ?? undefined;
                    const view = await useChain.getState().read({
                      kind: 'invoke',
                      contract: contract.index,
                      function: signature,
                      args,
                      ...(from ? { from } : {}),
                    });
                    return <ReadOutcome view={view} />;
                  }
                  return sendTx(
                    (common) => ({
                      ...common,
                      kind: 'invoke',
                      contract: contract.index,
                      function: signature,
                      args,
                    }),
                    signature,
                  );
                }}
                onEstimate={
                  kind === 'read'
                    ? undefined
                    : (args) =>
                        estimateTx((common) => ({
                          ...common,
                          kind: 'invoke',
                          contract: contract.index,
                          function: signature,
                          args,
                        }))
                }
              />
            );
          })}
        </div>
      )}
    </div>
  );
}

import type { ReactNode } from 'react';
import { vmSession } from '../../worker-vm/client';
import type { TxCommon, TxRequest } from '../../worker-vm/session/requests';
import type { ReadView, TxDetail } from '../../worker-vm/session/views';
import { DecodedValues } from '../common/Values';
import { useChain } from '../state/chain';
import { usePanels } from '../state/panels';
import { REFUSED } from './formParts';
import { useTxSettings } from './txSettings';

/** The shared settings for a message, or REFUSED (their errors are then shown at their fields). */
function common(): TxCommon | typeof REFUSED {
  const tx = useTxSettings.getState().resolve();
  const from = useChain.getState().sender;
  if (!tx || !from) return REFUSED;
  return { from, value: tx.value, gasLimit: tx.gasLimit };
}

/** A message's outcome in a line, under the form that sent it. */
export function TxOutcome({ detail }: { detail: TxDetail }) {
  const ok = detail.exitCode === 0;
  return (
    <div className={`call-result ${ok ? 'ok' : 'bad'}`} data-testid="tx-outcome">
      <button
        type="button"
        className="link-button"
        onClick={() => {
          useChain.getState().selectMessage(detail.index);
          usePanels.getState().showBottom('transactions');
        }}
      >
        #{detail.index}
      </button>{' '}
      {detail.exitName} · {detail.gasUsed.toLocaleString('en-US')} gas
      {!ok && <div>{detail.revert?.summary ?? detail.failure ?? detail.exitText}</div>}
      {ok && detail.returned && detail.returned.length > 0 && <DecodedValues values={detail.returned} />}
    </div>
  );
}

/** Sends a message built from the shared settings; returns what to show under the form. */
export async function sendTx(
  build: (common: TxCommon) => TxRequest,
  label: string,
): Promise<ReactNode | typeof REFUSED> {
  const settings = common();
  if (settings === REFUSED) return REFUSED;
  const detail = await useChain.getState().submit(build(settings), label);
  return <TxOutcome detail={detail} />;
}

/** Dry-runs a message built from the shared settings; returns the estimate in words. */
export async function estimateTx(build: (common: TxCommon) => TxRequest): Promise<string | typeof REFUSED> {
  const settings = common();
  if (settings === REFUSED) return REFUSED;
  const estimate = await vmSession().estimate({ ...build(settings), gasLimit: null });
  return `uses ${estimate.gasUsed.toLocaleString('en-US')} gas (${estimate.exitName}); limit ${estimate.gasLimit.toLocaleString('en-US')}`;
}

/** A read's answer, under the form. */
export function ReadOutcome({ view }: { view: ReadView }) {
  const ok = view.exitCode === 0;
  return (
    <div className={`call-result ${ok ? 'ok' : 'bad'}`} data-testid="read-result">
      {ok ? (
        view.returned ? (
          <DecodedValues values={view.returned} />
        ) : (
          <span className="mono">{view.returnData}</span>
        )
      ) : (
        <span>
          {view.exitName}: {view.revert?.summary ?? view.exitText}
        </span>
      )}
      <span className="dim">
        {' '}
        · {view.gasUsed.toLocaleString('en-US')} gas (implicit message, nothing sent)
      </span>
    </div>
  );
}

import type { OpenedLink } from '../../worker-vm/session/share/shareTypes';

const short = (cid: string) => (cid.length > 20 ? `${cid.slice(0, 12)}…${cid.slice(-6)}` : cid);

/** In words: whether an opened link reproduced the sharer's state root and receipts. */
export function verdictText(result: OpenedLink, full = false): string {
  const n = result.receipts.length;
  const receipts = `${n} receipt${n === 1 ? '' : 's'}`;
  const root = full ? result.stateRoot : short(result.stateRoot);
  if (result.sameStateRoot === undefined)
    return `Replayed ${receipts} to state root ${root}; the link names no state to compare with.`;
  if (result.sameStateRoot && result.sameReceipts)
    return `Reproduced: state root ${root}, ${receipts} match.`;
  return `Not reproduced: ${[
    result.sameStateRoot ? 'same state root' : `state root ${root}, the link recorded another`,
    result.sameReceipts ? `${receipts} match` : `the ${receipts} differ from the link's`,
  ].join('; ')}.`;
}

export const reproduced = (result: OpenedLink): boolean =>
  result.sameStateRoot !== false && result.sameReceipts !== false;

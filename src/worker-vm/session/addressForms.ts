import { type Address, Protocol } from '../address';
import { f410Subaddress, formatEthAddress, maskedIdAddress } from '../address/ethereum';
import type { Machine } from '../machine/machine';
import type { ActorId } from '../state/actorState';
import type { AddressForms } from './views';

/**
 * Every form of an actor's address the state knows: its ID (f0), its robust or delegated address, and the
 * Ethereum address contracts see (an f410's 20 bytes, or the masked ID 0xff00…id for everything else).
 */
export function addressForms(
  machine: Machine,
  address: Address | undefined,
  knownId?: ActorId,
): AddressForms {
  const id = knownId ?? (address ? machine.resolve(address) : undefined);
  const actor = id === undefined ? undefined : machine.actor(id);
  const delegated = actor?.delegatedAddress ?? (address && f410Subaddress(address) ? address : null);
  const robust = address && address.protocol !== Protocol.ID ? address : (delegated ?? null);
  const sub = delegated ? f410Subaddress(delegated) : undefined;
  const eth = sub
    ? formatEthAddress(sub)
    : id !== undefined
      ? formatEthAddress(maskedIdAddress(BigInt(id)))
      : null;
  return { id: id === undefined ? null : `f0${id}`, robust: robust ? robust.toString() : null, eth };
}

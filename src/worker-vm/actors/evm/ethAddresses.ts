import type { Address } from '../../address';
import { type EthAddress, ethToFilecoin, f410Subaddress, maskedIdAddress } from '../../address/ethereum';
import type { ActorId } from '../../state/actorState';
import { bytesToNumberBE, numberToBytesBE } from '../../util/bytes';
import type { Runtime } from '../runtime';

/** The interpreter's addresses are bigints below 2^160; Filecoin's are bytes. */
export const ethToWord = (eth: EthAddress): bigint => bytesToNumberBE(eth);
export const wordToEth = (word: bigint): EthAddress => numberToBytesBE(word & ((1n << 160n) - 1n), 20);

/** The Filecoin address an EVM address stands for: masked ID → f0, anything else → f410 (spec 8.3). */
export const wordToFilecoin = (word: bigint): Address => ethToFilecoin(wordToEth(word));

/**
 * The Ethereum address of an actor, as CALLER/ORIGIN report it: its f410 subaddress, or its masked ID
 * when it has none (spec 10.4). One `lookup_delegated_address` syscall.
 */
export function ethAddressOfActor(rt: Runtime, id: ActorId): EthAddress {
  const delegated = rt.lookupDelegatedAddress(id);
  return (delegated && f410Subaddress(delegated)) ?? maskedIdAddress(BigInt(id));
}

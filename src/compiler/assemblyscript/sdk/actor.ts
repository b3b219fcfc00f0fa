// Balances, gas and randomness.
import { abort, check, ErrorNumber, ExitCode } from "./errors";
import {
  actor_balance_of,
  gas_available,
  gas_charge,
  rand_get_beacon_randomness,
  rand_get_chain_randomness,
  SCRATCH,
  self_current_balance,
  self_self_destruct,
} from "./sys";
import { TokenAmount } from "./token";

/** This actor's balance. */
export function currentBalance(): TokenAmount {
  check(self_current_balance(SCRATCH), "self.current_balance");
  return TokenAmount.load(SCRATCH);
}

/** The balance of actor `id`, or null when there is no such actor. */
export function balanceOf(id: u64): TokenAmount | null {
  const errno = actor_balance_of(SCRATCH, id);
  if (errno == ErrorNumber.NotFound) return null;
  check(errno, "actor.balance_of");
  return TokenAmount.load(SCRATCH);
}

/**
 * Deletes this actor. Its balance must be zero unless `burnUnspent`, which sends it to the burnt-funds
 * actor f099. Fails in read-only calls.
 */
export function selfDestruct(burnUnspent: bool): void {
  check(self_self_destruct(burnUnspent ? 1 : 0), "self.self_destruct");
}

/** Whole gas left to this call. */
export function gasAvailable(): u64 {
  check(gas_available(SCRATCH), "gas.available");
  return load<u64>(SCRATCH);
}

/** Charges `amount` gas under `name` (it appears in the trace). Running out ends the message. */
export function chargeGas(name: string, amount: u64): void {
  const text = String.UTF8.encode(name);
  check(gas_charge(changetype<usize>(text), <u32>text.byteLength, amount), "gas.charge");
}

/** The chain's randomness at `epoch` (32 bytes; hash it with a domain separation tag before use). */
export function chainRandomness(epoch: i64): Uint8Array {
  if (epoch < 0) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "negative epoch");
  check(rand_get_chain_randomness(SCRATCH, epoch), "rand.get_chain_randomness");
  return readBytes(SCRATCH, 32);
}

/** The drand beacon's randomness at `epoch` (32 bytes). */
export function beaconRandomness(epoch: i64): Uint8Array {
  if (epoch < 0) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "negative epoch");
  check(rand_get_beacon_randomness(SCRATCH, epoch), "rand.get_beacon_randomness");
  return readBytes(SCRATCH, 32);
}

function readBytes(ptr: usize, length: i32): Uint8Array {
  const out = new Uint8Array(length);
  memory.copy(out.dataStart, ptr, <usize>length);
  return out;
}

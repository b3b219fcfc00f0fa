import { Address } from '../../address';
import type { Message } from '../../executor/message';
import type { CID } from '../../ipld/cid';
import { decodeDagCbor, encodeDagCbor } from '../../ipld/cid';
import { type AppliedMessage, Machine, type MachineOptions } from '../../machine/machine';
import { INIT_ACTOR_ID } from '../../state/singletons';
import { wat } from './wat.node';

/** Init's Exec method (spec 9.4). */
export const INIT_EXEC = 2;

/** A message from genesis account `from` (secp account 0 by default) with a generous gas limit. */
export function message(
  machine: Machine,
  to: Address,
  method: number,
  params: Uint8Array = new Uint8Array(0),
  options: { value?: bigint; gasLimit?: number; from?: Address } = {},
): Message {
  const from = options.from ?? machine.accounts[0]!.address;
  return {
    version: 0,
    from,
    to,
    sequence: machine.nonceOf(from),
    value: options.value ?? 0n,
    gasLimit: options.gasLimit ?? 1_000_000_000,
    gasFeeCap: 0n,
    gasPremium: 0n,
    method,
    params,
  };
}

/** Creates an actor from installed code through Init's Exec; returns its ID address. */
export function createActor(
  machine: Machine,
  code: CID,
  constructorParams = new Uint8Array(0),
): {
  address: Address;
  applied: AppliedMessage;
} {
  const applied = machine.applyMessage(
    message(machine, Address.newId(INIT_ACTOR_ID), INIT_EXEC, encodeDagCbor([code, constructorParams])),
  );
  if (applied.result.receipt.exitCode !== 0) {
    throw new Error(
      `Exec failed with exit code ${applied.result.receipt.exitCode}: ${applied.result.failure}`,
    );
  }
  const [idAddress] = decodeDagCbor<[Uint8Array, Uint8Array]>(applied.result.receipt.returnData);
  return { address: Address.fromBytes(idAddress), applied };
}

/** A machine with one Wasm actor compiled from WAT, installed and created. */
export async function wasmActor(
  text: string,
  options: MachineOptions = {},
): Promise<{ machine: Machine; code: CID; address: Address; bytes: Uint8Array }> {
  const machine = Machine.create(options);
  const bytes = await wat(text);
  const { code } = machine.installActor(bytes);
  const { address } = createActor(machine, code);
  return { machine, code, address, bytes };
}

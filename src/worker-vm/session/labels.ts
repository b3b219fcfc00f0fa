import type { Abi } from 'viem';
import { CONSOLE_ADDRESS } from '../../compiler/consoleLog/signatures';
import { EvmMethod } from '../actors/evm/methods';
import type { Address } from '../address';
import { ethToFilecoin } from '../address/ethereum';
import { methodNumber } from '../encoding/frc42';
import { decodeDagCbor } from '../ipld/cid';
import { IPLD_RAW } from '../ipld/codecs';
import type { Block } from '../kernel/blocks';
import { hexToBytes } from '../util/bytes';
import { functionOfCalldata, signatureOf } from './abi/decode';

/** The Filecoin address console.log calls go to (an f410 no actor has). */
export const CONSOLE_FILECOIN_ADDRESS: Address = ethToFilecoin(hexToBytes(CONSOLE_ADDRESS.slice(2)));

const EVM_METHODS: Record<number, string> = {
  [EvmMethod.Constructor]: 'Constructor',
  [EvmMethod.Resurrect]: 'Resurrect',
  [EvmMethod.GetBytecode]: 'GetBytecode',
  [EvmMethod.GetBytecodeHash]: 'GetBytecodeHash',
  [EvmMethod.GetStorageAt]: 'GetStorageAt',
  [EvmMethod.InvokeContractDelegate]: 'InvokeContractDelegate',
  [EvmMethod.InvokeContract]: 'InvokeContract',
};

/** Method names of the built-in actors the playground runs, by actor type (spec 9). */
const BUILTIN_METHODS: Record<string, Record<number, string>> = {
  evm: EVM_METHODS,
  eam: { 1: 'Constructor', 2: 'Create', 3: 'Create2', 4: 'CreateExternal' },
  init: { 1: 'Constructor', 2: 'Exec', 3: 'Exec4' },
  account: {
    1: 'Constructor',
    2: 'PubkeyAddress',
    [methodNumber('AuthenticateMessage')]: 'AuthenticateMessage',
  },
  ethaccount: { 1: 'Constructor' },
  placeholder: {},
  system: { 1: 'Constructor' },
  reward: { 1: 'Constructor', 2: 'AwardBlockReward', 3: 'ThisEpochReward', 4: 'UpdateNetworkKPI' },
};

/** The EVM calldata a call carries: raw params, or a CBOR byte string (spec 8.6). */
export function calldataOf(params: Block | undefined): Uint8Array {
  if (!params) return new Uint8Array(0);
  if (params.codec === IPLD_RAW) return params.data;
  try {
    const decoded = decodeDagCbor<unknown>(params.data);
    return decoded instanceof Uint8Array ? decoded : new Uint8Array(0);
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * A method's name for people: `Send` for method 0, the built-in actor's method name, and for EVM
 * contracts the Solidity function the calldata selects (`transfer(address,uint256)`) when an ABI knows it.
 */
export function methodName(
  actorType: string | null,
  method: number,
  params: Block | undefined,
  abi: Abi | undefined,
  to?: Address,
): string {
  if (method === 0) return 'Send';
  if (to?.equals(CONSOLE_FILECOIN_ADDRESS)) return 'console.log';
  if (actorType === 'evm' && method === EvmMethod.InvokeContract) {
    const calldata = calldataOf(params);
    const fn = abi && functionOfCalldata(abi, calldata);
    if (fn) return signatureOf(fn);
    if (calldata.length === 0) return 'InvokeContract (no calldata)';
    return `InvokeContract 0x${[...calldata.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  const known = actorType ? BUILTIN_METHODS[actorType]?.[method] : undefined;
  if (known) return known;
  if (actorType === 'evm' && method >= 1024) return `handle_filecoin_method(${method})`;
  return `method ${method}`;
}

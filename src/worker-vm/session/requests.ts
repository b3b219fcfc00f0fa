import type { FormValue } from './abi/abiInput';
import type { WasmTxRequest } from './wasm/wasmActors';

/** Options every message form has. Amounts are text: `"1.5 FIL"`, `"100 attoFIL"` or attoFIL digits. */
export interface TxCommon {
  /** The sender: any address form of an account. */
  readonly from: string;
  readonly value?: string;
  /** Whole gas; omitted or null: estimated by a dry run (+25%). */
  readonly gasLimit?: number | null;
}

/** A message the UI asks the worker to send (or to dry-run for a gas estimate). */
export type TxRequest =
  /** Deploy a compiled contract through the EAM (CreateExternal), constructor arguments from the form. */
  | (TxCommon & {
      readonly kind: 'deploy';
      readonly artifactKey: string;
      readonly args: readonly FormValue[];
    })
  /** Call a function of a listed contract (`function` is its signature, `transfer(address,uint256)`). */
  | (TxCommon & {
      readonly kind: 'invoke';
      readonly contract: number;
      readonly function: string;
      readonly args: readonly FormValue[];
    })
  /** Send raw EVM calldata to any address. */
  | (TxCommon & { readonly kind: 'raw'; readonly to: string; readonly calldata: string })
  /** A plain Filecoin message: FIL and optionally a method number with CBOR params (hex). */
  | (TxCommon & {
      readonly kind: 'send';
      readonly to: string;
      readonly method?: number;
      readonly params?: string;
    })
  /** Wasm actors (issue 8): create from installed code, or call a method, with params as JSON. */
  | (TxCommon & WasmTxRequest);

/** A read-only call (an implicit message): a view function, or raw calldata. */
export type ReadRequest =
  | {
      readonly kind: 'invoke';
      readonly from?: string;
      readonly contract: number;
      readonly function: string;
      readonly args: readonly FormValue[];
    }
  | { readonly kind: 'raw'; readonly from?: string; readonly to: string; readonly calldata: string };

export interface CreateAccountRequest {
  readonly kind: 'secp256k1' | 'eth';
  /** The account that funds the new one. */
  readonly funder: string;
  readonly amount: string;
}

export interface AtAddressRequest {
  readonly address: string;
  readonly artifactKey: string;
}

export interface SessionOptions {
  readonly seed?: string;
  readonly secpAccounts?: number;
  readonly ethAccounts?: number;
}

import { installedCodes } from '../../../storage/chain/installedCode';
import type { Address } from '../../address';
import { invalidInput, notFound } from '../../errors';
import type { Receipt } from '../../executor/applyMessage';
import type { Message } from '../../executor/message';
import { parseCid } from '../../ipld/cid';
import { CBOR, DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import type { EventEntry } from '../../kernel/events';
import type { Machine } from '../../machine/machine';
import { bytesToHex } from '../../util/bytes';
import {
  decodeExecReturn,
  decodeReturnValue,
  encodeJsonParams,
  execParams,
  INIT_ADDRESS,
  INIT_EXEC_METHOD,
} from '../../wasm/userActors';
import type { InstalledActorCode } from '../../wasm/userActors/install';
import type { DecodedValue } from '../views';
import type { WasmActorView, WasmCodeView } from './wasmViews';

/** A message to a Wasm actor as the forms send it: JSON params, the rest as for any message. */
export type WasmTxRequest =
  /** Create an actor from installed code through Init's Exec; `params` are the constructor's, as JSON. */
  | { readonly kind: 'wasmCreate'; readonly code: string; readonly params?: string }
  /** Call a method of any actor with JSON params (DAG-CBOR on the wire). */
  | { readonly kind: 'wasmInvoke'; readonly to: string; readonly method: number; readonly params?: string };

/** A read-only invoke: an implicit message, nothing committed. */
export interface WasmReadRequest {
  readonly from?: string;
  readonly to: string;
  readonly method: number;
  readonly params?: string;
}

/** JSON text → message params (DAG-CBOR); empty text: no params. Errors name the field and the JSON path. */
export function paramsFromJson(text: string | undefined): Uint8Array {
  if (text === undefined || text.trim() === '') return new Uint8Array(0);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`not JSON: ${(error as Error).message}`, 'params');
  }
  return encodeJsonParams(value, 'params');
}

export function methodNumber(method: number): number {
  if (!Number.isSafeInteger(method) || method < 0 || method > 0xffff_ffff)
    throw invalidInput('a method number is a whole number from 0 to 2^32-1', 'method');
  return method;
}

/** The code CID of an installed module, from the form's text. */
export function installedCode(machine: Machine, text: string) {
  const code = parseCid(text.trim(), 'code');
  if (!machine.code.has(code) || machine.manifest.infoOf(code) !== undefined)
    throw notFound(`no Wasm code ${text.trim()} is installed`, 'code');
  return code;
}

/** What an Exec message for `request` sends to Init. */
export function createMessageParts(machine: Machine, code: string, params: string | undefined) {
  const cid = installedCode(machine, code);
  return {
    to: INIT_ADDRESS,
    method: INIT_EXEC_METHOD,
    params: execParams(cid, paramsFromJson(params)),
    code: cid,
  };
}

export const isExecMessage = (message: Pick<Message, 'to' | 'method'>): boolean =>
  message.to.equals(INIT_ADDRESS) && message.method === INIT_EXEC_METHOD;

/** The installed module as the panel shows it. */
export function codeView(
  code: string,
  size: number,
  installed: Pick<InstalledActorCode, 'info' | 'warnings'>,
  name: string | null,
  bundleActor: string | null,
): WasmCodeView {
  const { info } = installed;
  return {
    code,
    size,
    name,
    imports: info.imports.map(({ module, name: importName, type }) => ({ module, name: importName, type })),
    exports: info.exports.map(({ name: exportName, kind, type }) => ({
      name: exportName,
      kind: String(kind),
      type,
    })),
    memoryMinPages: info.memoryMinPages ?? null,
    warnings: installed.warnings,
    bundleActor,
  };
}

/** Every Wasm module installed on the machine (its store and code registry: survives a reload). */
export function installedModules(machine: Machine): Array<{ code: string; bytes: Uint8Array }> {
  return installedCodes(machine).map(([cid, bytes]) => ({ code: cid.toString(), bytes }));
}

/** The actors running installed Wasm code, from the state tree; `robust` from the session's Exec returns. */
export function wasmActorViews(
  machine: Machine,
  names: ReadonlyMap<string, string>,
  robustOf: (id: number) => Address | undefined,
): WasmActorView[] {
  const out: WasmActorView[] = [];
  for (const [id, actor] of machine.actors()) {
    if (machine.manifest.infoOf(actor.code) !== undefined || !machine.code.has(actor.code)) continue;
    const code = actor.code.toString();
    out.push({
      id: `f0${id}`,
      robust: robustOf(id)?.toString() ?? null,
      code,
      codeName: names.get(code) ?? null,
      balance: actor.balance,
      nonce: actor.sequence,
    });
  }
  return out.sort((a, b) => Number(a.id.slice(2)) - Number(b.id.slice(2)));
}

/** A return value as JSON text in the notation of JSON params (null for no return). */
export function returnJson(receipt: Pick<Receipt, 'returnData' | 'returnCodec'>): string | null {
  if (receipt.returnData.length === 0) return null;
  return JSON.stringify(decodeReturnValue(receipt.returnData, receipt.returnCodec || CBOR));
}

/** A Wasm message's return value for the transaction views: Exec's addresses, or the decoded JSON. */
export function wasmReturned(
  message: Pick<Message, 'to' | 'method'>,
  receipt: Receipt,
): DecodedValue[] | null {
  if (receipt.exitCode !== 0) return null;
  if (isExecMessage(message)) {
    try {
      const { idAddress, robustAddress } = decodeExecReturn(receipt.returnData);
      return [
        { name: 'id', type: 'address', text: idAddress.toString() },
        { name: 'robust', type: 'address', text: robustAddress.toString() },
      ];
    } catch {
      // Not an Exec return after all (a user actor at f01 cannot happen, but show what came back).
    }
  }
  const json = returnJson(receipt);
  return json === null ? null : [{ name: 'return', type: codecName(receipt.returnCodec), text: json }];
}

export function codecName(codec: number): string {
  if (codec === CBOR) return 'cbor';
  if (codec === DAG_CBOR) return 'dag-cbor';
  if (codec === IPLD_RAW) return 'raw';
  return `codec 0x${codec.toString(16)}`;
}

/** An actor event's entries as values to show: CBOR decoded to JSON, anything else as hex. */
export function actorEventArgs(entries: readonly EventEntry[]): DecodedValue[] {
  return entries.map((entry) => ({
    name: entry.key,
    type: codecName(entry.codec),
    text:
      entry.codec === CBOR || entry.codec === DAG_CBOR
        ? JSON.stringify(decodeReturnValue(entry.value, entry.codec))
        : `0x${bytesToHex(entry.value)}`,
  }));
}

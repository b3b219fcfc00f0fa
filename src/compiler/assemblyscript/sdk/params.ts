// Parameters arrive as a block handle (0 = none) and return values leave as one: `invoke(params)` returns
// the handle of the block to return, or 0 for no return value.
import { CborReader, CborWriter } from "./cbor";
import { abort, ExitCode } from "./errors";
import { blockCreate, blockStat, blockRead, CBOR, DAG_CBOR, NO_BLOCK } from "./ipld";

/** `invoke`'s return value for "no return value". */
export const NO_RETURN: u32 = NO_BLOCK;

export class Params {
  /** The block handle (0 when the message carried no params). */
  id: u32 = 0;
  /** The block's codec: CBOR (0x51) for message params, whatever the caller chose for a send. */
  codec: u64 = 0;
  data: Uint8Array = new Uint8Array(0);

  isEmpty(): bool {
    return this.id == NO_BLOCK;
  }

  /** A CBOR reader over the params (CBOR or DAG-CBOR; otherwise USR_SERIALIZATION). */
  reader(): CborReader {
    if (this.codec != CBOR && this.codec != DAG_CBOR) {
      abort(ExitCode.USR_SERIALIZATION, "params have codec 0x" + this.codec.toString(16) + ", not CBOR");
    }
    return new CborReader(this.data);
  }
}

/** The params block `id` (invoke's argument). */
export function readParams(id: u32): Params {
  const params = new Params();
  if (id == NO_BLOCK) return params;
  params.id = id;
  params.codec = blockStat(id).codec;
  params.data = blockRead(id);
  return params;
}

/** A CBOR reader over params that must be present (else USR_ILLEGAL_ARGUMENT, as built-in actors do). */
export function paramsReader(id: u32): CborReader {
  if (id == NO_BLOCK) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "this method expects params");
  return readParams(id).reader();
}

/** Refuses params for a method that takes none (USR_ILLEGAL_ARGUMENT, as built-in actors do). */
export function requireNoParams(id: u32): void {
  if (id != NO_BLOCK) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "this method takes no params");
}

/** Returns what `writer` holds as a CBOR block: `return returnCbor(new CborWriter().uint(7));` */
export function returnCbor(writer: CborWriter): u32 {
  return blockCreate(CBOR, writer.finish());
}

/** Returns `data` as a block of `codec`. */
export function returnBytes(codec: u64, data: Uint8Array): u32 {
  return blockCreate(codec, data);
}

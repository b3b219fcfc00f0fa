// The actor's state: a DAG-CBOR block whose CID is the actor's state root (its head). A new actor's root is
// the empty array `[]` until its constructor saves something.
import { CborReader, CborWriter } from "./cbor";
import { check } from "./errors";
import { DAG_CBOR, getBlock, MAX_CID_LENGTH, putBlock } from "./ipld";
import { SCRATCH, self_root, self_set_root } from "./sys";

/** The CID of the current state (self.root). */
export function stateRoot(): Uint8Array {
  const cid = new Uint8Array(<i32>MAX_CID_LENGTH);
  check(self_root(SCRATCH, cid.dataStart, MAX_CID_LENGTH), "self.root");
  return cid.slice(0, <i32>load<u32>(SCRATCH));
}

/** The bytes of the current state block. */
export function loadState(): Uint8Array {
  return getBlock(stateRoot());
}

/** A CBOR reader over the current state. */
export function stateReader(): CborReader {
  return new CborReader(loadState());
}

/** Stores `data` (DAG-CBOR) and makes it the state root; returns its CID. Fails in read-only calls. */
export function saveState(data: Uint8Array): Uint8Array {
  const cid = putBlock(DAG_CBOR, data);
  check(self_set_root(cid.dataStart), "self.set_root");
  return cid;
}

/** Saves what `writer` holds as the new state. */
export function saveStateCbor(writer: CborWriter): Uint8Array {
  return saveState(writer.finish());
}

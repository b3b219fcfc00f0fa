import type { CID } from '../../worker-vm/ipld/cid';
import { IPLD_RAW } from '../../worker-vm/ipld/codecs';
import type { Machine } from '../../worker-vm/machine/machine';

/**
 * The Wasm actor code installed on a machine (Machine.installActor), with its bytes, in CID order.
 * Installing is not a message: the code is in no commit, and the state root does not change until an
 * actor is created from it, so the chain store, the export file and share links carry it separately.
 * Installed code is what the machine's store holds as a raw block and its code registry can run, other
 * than the built-in actors (which have no blocks here).
 */
export function installedCodes(machine: Machine): Array<[CID, Uint8Array]> {
  const out: Array<[CID, Uint8Array]> = [];
  for (const [cid, bytes] of machine.genesis.store.entries()) {
    if (cid.code === IPLD_RAW && machine.code.has(cid) && machine.manifest.infoOf(cid) === undefined)
      out.push([cid, bytes]);
  }
  return out.sort(([a], [b]) => (a.toString() < b.toString() ? -1 : 1));
}

import { blake2b256 } from '../crypto/hash';
import { type CID, cidForBlock, encodeDagCbor } from '../ipld/cid';
import { DAG_CBOR } from '../ipld/codecs';
import type { Externs } from '../kernel/context';
import { concatBytes, utf8ToBytes } from '../util/bytes';

const epochBytes = (epoch: bigint) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, epoch);
  return out;
};

/**
 * The playground's chain: randomness and tipset CIDs are deterministic functions of a seed and the epoch,
 * so every run of the same messages gives the same results on every machine.
 */
export function deterministicExterns(seed: string): Externs {
  const digest = (kind: string, epoch: bigint) => {
    if (epoch < 0n) throw new Error(`epoch ${epoch} is before genesis`);
    return blake2b256(concatBytes(utf8ToBytes(`fvm-playground/${kind}/${seed}/`), epochBytes(epoch)));
  };
  return {
    chainRandomness: (epoch) => digest('chain-randomness', epoch),
    beaconRandomness: (epoch) => digest('beacon-randomness', epoch),
    tipsetCid: (epoch): CID => cidForBlock(DAG_CBOR, encodeDagCbor(['fvm-playground tipset', seed, epoch])),
  };
}

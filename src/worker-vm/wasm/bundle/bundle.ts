import { CarBufferReader } from '@ipld/car/buffer-reader';
import * as CarBufferWriter from '@ipld/car/buffer-writer';
import { malformed, PlaygroundError } from '../../errors';
import { type CID, cidForBlock, decodeDagCbor, encodeDagCbor } from '../../ipld/cid';
import { BLAKE2B_256, DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import { checkActorModule, wasmCodeCid } from '../userActors/install';
import type { WasmModuleInfo } from '../validate';

/** The only bundle format version (spec 7.9). */
export const BUNDLE_VERSION = 1;

export interface BundleActor {
  /** 1-based position in the manifest (spec 7.8). */
  readonly typeId: number;
  readonly name: string;
  readonly code: CID;
  readonly bytes: Uint8Array;
  readonly info: WasmModuleInfo;
}

/** A builtin-actors bundle: its CAR root, the manifest data block's CID and the actors in type order. */
export interface ActorsBundle {
  readonly root: CID;
  readonly manifestData: CID;
  readonly actors: readonly BundleActor[];
}

const where = (path: string) => `bundle${path}`;

/**
 * Reads and checks a builtin-actors bundle CAR (spec 7.9; builtin-actors-bundler's format): one root, a
 * DAG-CBOR `[1, manifest_data]`; the manifest data a DAG-CBOR list of `[name, code CID]` in type order
 * with unique names; every code CID raw + blake2b-256 of a block in the CAR whose bytes hash to it, and
 * every module a Wasm actor the FVM can load (the install-time checks of `checkActorModule`). Throws a
 * typed error saying what is wrong and where.
 */
export function readBundle(car: Uint8Array): ActorsBundle {
  let reader: CarBufferReader;
  try {
    reader = CarBufferReader.fromBytes(car);
  } catch (error) {
    throw malformed(`not a CAR file (${(error as Error).message})`, where(''));
  }
  const roots = reader.getRoots();
  if (roots.length !== 1)
    throw malformed(`a bundle has one root, this CAR has ${roots.length}`, where('.roots'));
  const root = roots[0]!;
  const rootBlock = blockOf(reader, root, where('.root'));
  const header = decodeDagCbor(rootBlock, where('.root'));
  if (!Array.isArray(header) || header.length !== 2)
    throw malformed('the root must be [version, manifest data CID]', where('.root'));
  if (header[0] !== BUNDLE_VERSION)
    throw malformed(
      `unsupported manifest version ${String(header[0])} (only ${BUNDLE_VERSION})`,
      where('.root[0]'),
    );
  const manifestData = asCid(header[1], where('.root[1]'));
  if (manifestData.code !== DAG_CBOR)
    throw malformed('the manifest data must be DAG-CBOR', where('.root[1]'));
  const entries = decodeDagCbor(blockOf(reader, manifestData, where('.manifest')), where('.manifest'));
  if (!Array.isArray(entries) || entries.length === 0)
    throw malformed('the manifest must be a non-empty list of [name, code CID]', where('.manifest'));

  const names = new Set<string>();
  const actors = entries.map((entry, index): BundleActor => {
    const at = where(`.manifest[${index}]`);
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string')
      throw malformed('each entry must be [name, code CID]', at);
    const name = entry[0];
    if (names.has(name)) throw malformed(`actor "${name}" appears twice`, at);
    names.add(name);
    const code = asCid(entry[1], `${at}[1]`);
    if (code.code !== IPLD_RAW || code.multihash.code !== BLAKE2B_256 || code.multihash.size !== 32)
      throw malformed(`the code CID of "${name}" must be raw + blake2b-256`, `${at}[1]`);
    const bytes = blockOf(reader, code, `${at} (${name})`);
    if (!wasmCodeCid(bytes).equals(code))
      throw malformed(`the bytes of "${name}" do not hash to its code CID`, `${at} (${name})`);
    let info: WasmModuleInfo;
    try {
      info = checkActorModule(bytes).info;
    } catch (error) {
      if (error instanceof PlaygroundError)
        throw new PlaygroundError(error.kind, `actor "${name}": ${error.message}`, at);
      throw error;
    }
    return { typeId: index + 1, name, code, bytes, info };
  });
  return { root, manifestData, actors };
}

function blockOf(reader: CarBufferReader, cid: CID, at: string): Uint8Array {
  const block = reader.get(cid);
  if (!block) throw malformed(`block ${cid} is not in the CAR`, at);
  return block.bytes;
}

function asCid(value: unknown, at: string): CID {
  const cid = value as CID | undefined;
  if (!cid || typeof cid !== 'object' || !('multihash' in cid) || !('code' in cid))
    throw malformed('a CID is expected', at);
  return cid;
}

/**
 * Writes a bundle CAR in builtin-actors-bundler's layout from modules named as in the manifest (the
 * order is the type order). For tests and for building bundles of one's own actors.
 */
export function writeBundle(actors: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Uint8Array {
  const blocks = actors.map(({ bytes }) => ({ cid: wasmCodeCid(bytes), bytes }));
  const manifestBytes = encodeDagCbor(actors.map(({ name }, i) => [name, blocks[i]!.cid]));
  const manifestData = cidForBlock(DAG_CBOR, manifestBytes);
  const rootBytes = encodeDagCbor([BUNDLE_VERSION, manifestData]);
  const root = cidForBlock(DAG_CBOR, rootBytes);
  const all = [{ cid: root, bytes: rootBytes }, { cid: manifestData, bytes: manifestBytes }, ...blocks];
  const size =
    CarBufferWriter.headerLength({ roots: [root] }) +
    all.reduce((sum, block) => sum + CarBufferWriter.blockLength(block), 0);
  const writer = CarBufferWriter.createWriter(new ArrayBuffer(size), { roots: [root] });
  for (const block of all) writer.write(block);
  return writer.close();
}

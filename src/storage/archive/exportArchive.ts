import * as CarBufferWriter from '@ipld/car/buffer-writer';
import { version as appVersion } from '../../../package.json';
import { cidForBlock, encodeDagCbor } from '../../worker-vm/ipld/cid';
import { DAG_CBOR, IPLD_RAW } from '../../worker-vm/ipld/codecs';
import type { ChainStore } from '../chain/chainStore';
import { builtinCodeCids } from '../chain/genesis';
import { installedCodes } from '../chain/installedCode';
import { collectReachable } from '../chain/reachability';
import { encodeRecord, entryToData, genesisToData, headToData } from '../chain/records';
import type { WorkspaceData } from '../workspace/workspace';
import { sessionRecordBlocks } from './sessionRecords';

/** What the root block says the file is; import refuses any other. */
export const ARCHIVE_FORMAT = 'fvm-playground/workspace';
/** Bumped when the root's shape changes; import keeps reading every older version. */
export const ARCHIVE_VERSION = 1;
/** Suggested file name extension (the file is a plain CARv1). */
export const ARCHIVE_EXTENSION = '.fvmws.car';

export interface ArchiveSource {
  readonly name: string;
  readonly workspace: WorkspaceData;
  /**
   * The open chain: what is in memory is exported, saved or not (a full disk must not trap work). A
   * `ChainStore`, or anything that reads the same (the IDE session's in-memory chain).
   */
  readonly chain: Pick<ChainStore, 'machine' | 'genesis' | 'head' | 'entries'>;
  /**
   * The VM session's own records (`p/session`, `p/compilation/…`, `p/wasm/…`) as `[key, JSON text]`, or
   * `[key, bytes]` for the bundle, if any.
   */
  readonly sessionRecords?: ReadonlyArray<readonly [string, string | Uint8Array]>;
}

/**
 * Exports a workspace and its chain as one CARv1 file (docs/storage.md): the root block (DAG-CBOR) names
 * the format and version and links the workspace (a raw block of JSON), the genesis, the head and one
 * DAG-CBOR record per message (the same bytes the chain store keeps) and, when given, the session's own
 * records (sessionRecords.ts); every block those records' state roots reach follows, so the file holds
 * the whole chain and can be checked block by block.
 */
export function exportArchive(source: ArchiveSource): Uint8Array {
  const { chain } = source;
  const blocks: Array<[import('../../worker-vm/ipld/cid').CID, Uint8Array]> = [];
  const add = (codec: number, bytes: Uint8Array) => {
    const cid = cidForBlock(codec, bytes);
    blocks.push([cid, bytes]);
    return cid;
  };

  const workspaceJson = new TextEncoder().encode(JSON.stringify(workspaceToJson(source.workspace)));
  const workspace = add(IPLD_RAW, workspaceJson);
  const entries = chain.entries();
  const messages = entries.map((entry) => add(DAG_CBOR, encodeRecord(entryToData(entry))));
  const roots = [chain.genesis.stateRoot, ...entries.map((e) => e.applied.stateRootAfter)];
  const store = chain.machine.store;
  const stateBlocks = collectReachable(roots, (cid) => store.get(cid), builtinCodeCids(chain.machine));
  const inState = new Set(stateBlocks.map(([cid]) => cid.toString()));
  blocks.push(...stateBlocks);
  const codes = installedCodes(chain.machine);
  for (const block of codes) if (!inState.has(block[0].toString())) blocks.push(block);
  const session = sessionRecordBlocks(source.sessionRecords ?? []);
  blocks.push(...session.blocks);

  const rootBytes = encodeDagCbor({
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    app: `fvm-playground ${appVersion}`,
    name: source.name,
    workspace,
    genesis: genesisToData(chain.genesis),
    head: headToData(chain.head),
    messages,
    ...(codes.length > 0 ? { code: codes.map(([cid]) => cid) } : {}),
    ...(session.list.length > 0 ? { session: session.list } : {}),
  });
  const root = cidForBlock(DAG_CBOR, rootBytes);
  blocks.unshift([root, rootBytes]);

  let size = CarBufferWriter.headerLength({ roots: [root] });
  for (const [cid, bytes] of blocks) size += CarBufferWriter.blockLength({ cid, bytes });
  const writer = CarBufferWriter.createWriter(new ArrayBuffer(size), { roots: [root] });
  for (const [cid, bytes] of blocks) writer.write({ cid, bytes });
  return writer.close();
}

/** The workspace as JSON: files as an object of path → text (the record has no prototype). */
export function workspaceToJson(workspace: WorkspaceData): unknown {
  return {
    files: Object.fromEntries(Object.entries(workspace.files)),
    compiler: workspace.compiler,
    contracts: workspace.contracts,
    layout: workspace.layout,
    session: workspace.session,
  };
}

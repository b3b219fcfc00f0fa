import { compilerService } from '../../compiler/client';
import type { CompileResult } from '../../compiler/types';
import type {
  CompiledContractCode,
  CompilerChoiceData,
  FilePairs,
  WorkspaceSnapshot,
} from '../../worker-vm/session/share/shareTypes';
import { useCompileStore } from '../compile/compileStore';
import { useChain } from '../state/chain';
import { useWorkspace } from '../state/workspace';
import { useWorkspaces } from '../state/workspaces';

/** The open workspace as the UI has it now: the editor's files are newer than anything saved. */
export function workspaceSnapshot(): WorkspaceSnapshot {
  const { files, openFiles, activeFile } = useWorkspace.getState();
  const { version, settings } = useCompileStore.getState();
  const { currentId, list } = useWorkspaces.getState();
  const name = list.find((entry) => entry.id === currentId)?.name;
  return {
    ...(name === undefined ? {} : { name }),
    files: Object.entries(files),
    compiler: { version, settings },
    openFiles: openFiles.filter((path) => Object.hasOwn(files, path)),
    activeFile: activeFile !== null && Object.hasOwn(files, activeFile) ? activeFile : null,
    selectedMessage: useChain.getState().selectedMessage,
  };
}

/** The deployable contracts of a compile (creation code and ABI), for deploys to travel as names. */
export function contractCodes(result: CompileResult | undefined): CompiledContractCode[] {
  if (!result?.ok) return [];
  return result.contracts
    .filter((c) => !c.fromLibrary && c.kind === 'contract' && /^0x[0-9a-fA-F]+$/.test(c.creation.object))
    .map((c) => ({ id: c.id, bytecode: c.creation.object, abi: c.abi as readonly unknown[] }));
}

/** True when a compile was of exactly these files (same paths, same text). */
function compiledFrom(result: CompileResult, files: FilePairs): boolean {
  const own = result.sources.filter((s) => s.origin === 'workspace');
  const byPath = new Map(files);
  return own.length > 0 && own.every((s) => byPath.get(s.path) === s.content);
}

/**
 * The open workspace's contracts, compiled from its current files with its compiler (through the compile
 * store, so the IDE shows the compile too). If the compile fails or another one overtakes it, sharing
 * still works: deploys then carry their bytecode.
 */
export async function currentContractCodes(snapshot: WorkspaceSnapshot): Promise<CompiledContractCode[]> {
  await useCompileStore.getState().compile(Object.fromEntries(snapshot.files));
  const result = useCompileStore.getState().result;
  return result && compiledFrom(result, snapshot.files) ? contractCodes(result) : [];
}

/** Compiles a link's files with the link's compiler (not the IDE's settings), retrying once if overtaken. */
export async function compileLinkFiles(
  files: FilePairs,
  compiler: CompilerChoiceData,
): Promise<CompileResult> {
  const request = {
    files: Object.fromEntries(files),
    settings: compiler.settings,
    version: compiler.version,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const outcome = await compilerService().compile(request);
    if (outcome.status === 'done') return outcome.result;
  }
  throw new Error('the compiler was busy with other requests; open the link again');
}

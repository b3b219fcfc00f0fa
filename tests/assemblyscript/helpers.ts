import { exampleFile } from '../../src/compiler/assemblyscript/exampleCatalog.node.js';
import { createNodeAssemblyScriptCompiler } from '../../src/compiler/compiler.node.js';
import type { Address } from '../../src/worker-vm/address';
import { decodeDagCbor } from '../../src/worker-vm/ipld/cid';
import type { AppliedMessage, Machine } from '../../src/worker-vm/machine/machine';
import { buildCallTree } from '../../src/worker-vm/trace/callTree';
import { createActor } from '../../src/worker-vm/wasm/testing/actors.node.js';
import { encodeJsonParams } from '../../src/worker-vm/wasm/userActors/ipldJson';

export const asCompiler = createNodeAssemblyScriptCompiler();

/** Compiles AssemblyScript sources (the first file is the entry); throws with the diagnostics on failure. */
export async function compileAs(
  files: Record<string, string>,
  entry = Object.keys(files)[0]!,
): Promise<Uint8Array> {
  const result = await asCompiler.compile({ files, entry });
  if (!result.ok) {
    const lines = result.diagnostics.map(
      (d) => `${d.location?.file ?? ''}:${d.location?.range.startLine ?? ''} ${d.type} ${d.message}`,
    );
    throw new Error(`AssemblyScript compile failed:\n${lines.join('\n')}`);
  }
  return result.wasm!;
}

/** An example actor compiled from src/compiler/assemblyscript/examples. */
export const compileExample = (name: string) => compileAs({ [name]: exampleFile(name) });

/** Installs `wasm` and creates an actor from it with JSON constructor params; returns its ID address. */
export function deployActor(machine: Machine, wasm: Uint8Array, constructorParams?: unknown) {
  const { code } = machine.installActor(wasm);
  // A copy: createActor wants bytes over a plain ArrayBuffer.
  const params =
    constructorParams === undefined ? new Uint8Array(0) : new Uint8Array(encodeJsonParams(constructorParams));
  const { address, applied } = createActor(machine, code, params);
  return { code, address, applied, id: machine.resolve(address)! };
}

/** The receipt's return value decoded from CBOR. */
export const returned = (applied: AppliedMessage): unknown =>
  decodeDagCbor(applied.result.receipt.returnData, 'return value');

/** The exit message of the top call (the backtrace's last frame: frames go from the innermost out). */
export const exitMessage = (applied: AppliedMessage): string | undefined =>
  applied.result.backtrace.frames.at(-1)?.message;

/** The debug.log lines of the top call. */
export const logsOf = (applied: AppliedMessage): string[] =>
  buildCallTree(applied.result.trace ?? []).root?.logs ?? [];

/** The names of the top call's gas charges, in order. */
export const chargeNames = (applied: AppliedMessage): string[] =>
  (buildCallTree(applied.result.trace ?? []).root?.gasCharges ?? []).map((c) => c.name);

export type { Address };

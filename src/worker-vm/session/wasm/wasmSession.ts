import type { Address } from '../../address';
import { parseAnyAddress } from '../../address/parseAny';
import { invalidInput, PlaygroundError } from '../../errors';
import { BLOCK_GAS_LIMIT } from '../../executor/message';
import { describeExitCode } from '../../kernel/codes';
import type { Machine } from '../../machine/machine';
import { buildMessage } from '../../scenario/runScenario';
import { bytesToHex, equalBytes } from '../../util/bytes';
import { readBundle } from '../../wasm/bundle/bundle';
import { installBundle } from '../../wasm/bundle/installBundle';
import { WasmModuleError } from '../../wasm/moduleError';
import { checkActorModule, decodeExecReturn } from '../../wasm/userActors';
import { indexCallTree } from '../callTree/indexedCallTree';
import type { SavedWasm } from '../persistence/wasmRecords';
import type { PlaygroundSession } from '../session';
import { nodeLabel } from '../views/callTreeViews';
import { buildSyscallTrace } from './syscallTrace';
import {
  codeView,
  installedModules,
  isExecMessage,
  methodNumber,
  paramsFromJson,
  returnJson,
  type WasmReadRequest,
  wasmActorViews,
} from './wasmActors';
import type { BundleView, SyscallTraceView, WasmCodeView, WasmOverview, WasmReadView } from './wasmViews';

/** The most bytes a module or a bundle may have here (a builtin-actors bundle is about 10 MB). */
const MAX_WASM_BYTES = 64 * 1024 * 1024;

/**
 * The session's Wasm actor operations (issue 8). Everything is derived from the machine (installed code is
 * in its store and code registry, actors in its state tree) and from the session's messages (the f2
 * addresses Init's Exec returned). Two things are kept here and saved with the workspace
 * (persistence/wasmRecords.ts): the names the UI gave modules (cosmetic) and the last bundle loaded
 * (re-applied when the chain resets or the workspace reopens).
 */
export class WasmSession {
  private readonly names = new Map<string, string>();
  private readonly views = new Map<string, WasmCodeView>();
  private bundle: { car: Uint8Array; view: BundleView; machine: Machine } | null = null;

  constructor(private readonly session: PlaygroundSession) {}

  private get machine(): Machine {
    return this.session.machine;
  }

  /** Checks, compiles and installs a module; refusals are WasmModuleErrors saying what and where. */
  install(bytes: Uint8Array, name?: string): WasmCodeView {
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw invalidInput('no module bytes', 'module');
    if (bytes.length > MAX_WASM_BYTES)
      throw new PlaygroundError('TooLarge', `a module may have at most ${MAX_WASM_BYTES} bytes`, 'module');
    let installed: ReturnType<Machine['installActor']>;
    try {
      installed = this.machine.installActor(bytes);
    } catch (error) {
      // Problems of the module as a whole (it does not decode) are placed at the module.
      if (error instanceof WasmModuleError && error.where === undefined)
        throw new WasmModuleError(error.problem, error.kind, error.message, 'module');
      throw error;
    }
    const code = installed.code.toString();
    if (name?.trim() && this.names.get(code) !== name.trim()) {
      this.names.set(code, name.trim());
      this.saveNames();
    }
    const view = codeView(
      code,
      bytes.length,
      installed,
      this.names.get(code) ?? null,
      this.bundleNameOf(code),
    );
    this.views.set(code, view);
    return view;
  }

  overview(): WasmOverview {
    const codes = installedModules(this.machine).map(({ code, bytes }) => this.viewOf(code, bytes));
    return {
      codes,
      actors: wasmActorViews(this.machine, this.names, (id) => this.robustOf(id)),
      bundle: this.bundle?.view ?? null,
    };
  }

  private viewOf(code: string, bytes: Uint8Array): WasmCodeView {
    let view = this.views.get(code);
    if (!view) {
      // Installed before this session (a reload): its info is recomputed once.
      view = codeView(
        code,
        bytes.length,
        checkActorModule(bytes),
        this.names.get(code) ?? null,
        this.bundleNameOf(code),
      );
      this.views.set(code, view);
    }
    return view;
  }

  /** A module's name for labels: the one the UI gave it, else a short form of its CID. */
  nameOf(code: string): string {
    return this.names.get(code) ?? this.bundleNameOf(code) ?? `code …${code.slice(-8)}`;
  }

  private bundleNameOf(code: string): string | null {
    return this.bundle?.view.actors.find((actor) => actor.code === code)?.name ?? null;
  }

  /** The f2 address Init's Exec gave an actor in one of the session's messages. */
  private robustOf(id: number): Address | undefined {
    for (const record of this.session.records) {
      const { message, result } = record.applied;
      if (result.receipt.exitCode !== 0 || !isExecMessage(message)) continue;
      try {
        const created = decodeExecReturn(result.receipt.returnData);
        if (created.idAddress.toString() === `f0${id}`) return created.robustAddress;
      } catch {
        // Not an Exec return (cannot happen for a successful Exec); skip it.
      }
    }
    return undefined;
  }

  /** A read-only invoke: an implicit message on the current state, nothing committed. */
  read(request: WasmReadRequest): WasmReadView {
    const from = request.from ? parseAnyAddress(request.from, 'from') : this.machine.accounts[0]!.address;
    const to = parseAnyAddress(request.to, 'to');
    const message = buildMessage(
      this.machine,
      from,
      to,
      methodNumber(request.method),
      paramsFromJson(request.params),
      0n,
      BLOCK_GAS_LIMIT,
    );
    const result = this.machine.call(message);
    const exit = describeExitCode(result.receipt.exitCode);
    const logs = result.trace ? indexCallTree(result.trace).nodes.flatMap((node) => node.logs) : [];
    return {
      exitCode: result.receipt.exitCode,
      exitName: exit.name,
      exitText: result.failure ? `${exit.text}: ${result.failure}` : exit.text,
      gasUsed: result.receipt.gasUsed,
      returnData: `0x${bytesToHex(result.receipt.returnData)}`,
      returned: result.receipt.exitCode === 0 ? returnJson(result.receipt) : null,
      logs: [...logs, ...(result.backtrace.cause ? [`caused by: ${result.backtrace.cause}`] : [])],
    };
  }

  /** The message's syscalls in order (from a traced replay, cached with the debugger's). */
  syscallTrace(index: number): SyscallTraceView {
    const replay = this.session.replay(index);
    let view = replay.derived.get('syscalls') as SyscallTraceView | undefined;
    if (!view) {
      const tree = indexCallTree(replay.result.trace ?? []);
      view = buildSyscallTrace(index, replay.result.trace ?? [], (node) =>
        nodeLabel(this.session, tree, node),
      );
      replay.derived.set('syscalls', view);
    }
    return view;
  }

  /** Loads a builtin-actors bundle CAR: its modules run in place of the native actors by name. */
  loadBundle(car: Uint8Array): BundleView {
    if (!(car instanceof Uint8Array) || car.length === 0) throw invalidInput('no bundle bytes', 'bundle');
    if (car.length > MAX_WASM_BYTES)
      throw new PlaygroundError('TooLarge', `a bundle may have at most ${MAX_WASM_BYTES} bytes`, 'bundle');
    this.session.persistence?.assertWritable();
    const view = applyBundle(this.machine, car);
    this.bundle = { car: car.slice(), view, machine: this.machine };
    this.views.clear();
    return view;
  }

  /** Saves the loaded bundle with the workspace (after `loadBundle` applied it). */
  async saveBundle(): Promise<void> {
    const persistence = this.session.persistence;
    if (!persistence || !this.bundle) return;
    try {
      await persistence.saveWasm(Object.fromEntries(this.names), this.bundle.car);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`the bundle runs in this tab but was not saved with the workspace: ${why}`);
    }
  }

  /** Module names are cosmetic: saved in the background, a failure only loses a label. */
  private saveNames(): void {
    const persistence = this.session.persistence;
    if (!persistence || persistence.readOnly) return;
    persistence.saveWasm(Object.fromEntries(this.names)).catch(() => {});
  }

  /** The bundle and names as saved with the workspace (`restore` takes them back). */
  saved(): SavedWasm {
    return { bundle: this.bundle?.car ?? null, names: Object.fromEntries(this.names) };
  }

  /** A workspace was opened (or followed): its saved bundle and names replace this session's. */
  restore(saved: SavedWasm): string[] {
    this.names.clear();
    for (const [code, name] of Object.entries(saved.names)) this.names.set(code, name);
    this.views.clear();
    // A read-only tab reloads the records on each of the writer's saves: the same bundle on the same
    // machine is not read and compiled again.
    const current = this.bundle;
    if (current && current.machine === this.machine && saved.bundle && equalBytes(current.car, saved.bundle))
      return [];
    this.bundle = null;
    if (!saved.bundle) return [];
    try {
      const view = applyBundle(this.machine, saved.bundle);
      this.bundle = { car: saved.bundle, view, machine: this.machine };
      return [];
    } catch (error) {
      return [`the saved bundle was not loaded again (${(error as Error).message}); native actors run`];
    }
  }

  /** After a reset: the new machine gets the installed code and the bundle back (code is not state). */
  carryOver(previous: Machine): void {
    for (const { bytes } of installedModules(previous)) this.machine.installActor(bytes);
    if (this.bundle) {
      applyBundle(this.machine, this.bundle.car);
      this.bundle = { ...this.bundle, machine: this.machine };
    }
  }
}

function applyBundle(machine: Machine, car: Uint8Array): BundleView {
  const bundle = readBundle(car);
  const report = installBundle(
    { store: machine.genesis.store, code: machine.code, wasm: machine.wasm, manifest: machine.manifest },
    bundle,
  );
  return {
    root: bundle.root.toString(),
    actors: bundle.actors.map((actor) => ({
      name: actor.name,
      code: actor.code.toString(),
      size: actor.bytes.length,
      replaces: report.replaced.find((entry) => entry.name === actor.name)?.machineCode.toString() ?? null,
    })),
  };
}

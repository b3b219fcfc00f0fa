/**
 * What the VM worker sends the UI: plain, JSON-safe data (bigints are fine over structured clone; CIDs and
 * addresses travel as strings). Big things come in pages (steps, call-tree nodes) or as flat columns.
 * Gas is in milligas wherever it is not a receipt's whole gas (`gasUsed`, `gasLimit`).
 */

/** The address forms of one actor: whatever is known. */
export interface AddressForms {
  /** `f0…` */
  readonly id: string | null;
  /** The robust address: f1/f2/f3, or the f410 of an Ethereum account or contract. */
  readonly robust: string | null;
  /** `0x…`: the Ethereum address (an f410's, or the masked ID `0xff00…` of an ID-only actor). */
  readonly eth: string | null;
}

export interface AccountView extends AddressForms {
  /** `f1 #0`, `eth #2`, `f1 #7 (created)` */
  readonly label: string;
  readonly kind: 'secp256k1' | 'eth';
  readonly balance: bigint;
  readonly nonce: number;
  /** The actor type now (account, placeholder, ethaccount), or null when it has no actor yet. */
  readonly actorType: string | null;
  readonly genesis: boolean;
  /**
   * The account's secp256k1 private key (`0x…`, 32 bytes): genesis and created accounts come from the
   * playground's fixed seed, so a wallet or script can sign as them. Test keys, public by design.
   */
  readonly privateKey: string | null;
}

export interface ContractView extends AddressForms {
  /** Index in the session's contract list (stable for the session). */
  readonly index: number;
  readonly name: string;
  /** The artifact key it was deployed from or matched to, if known. */
  readonly artifactKey: string | null;
  readonly abi: readonly unknown[] | null;
  readonly balance: bigint;
  /** The message that created it, if the session saw it. */
  readonly createdBy: number | null;
  readonly source: 'deployed' | 'at-address' | 'created';
}

export interface FeeView {
  readonly baseFeeBurn: bigint;
  readonly overEstimationBurn: bigint;
  readonly minerTip: bigint;
  readonly minerPenalty: bigint;
  readonly refund: bigint;
  /** fee cap × gas limit − refund: what the sender paid in gas fees. */
  readonly totalCost: bigint;
  readonly gasBurned: bigint;
  readonly gasRefund: bigint;
}

/** A decoded ABI value, ready to show: text for leaves, children for arrays and tuples. */
export interface DecodedValue {
  readonly name: string;
  readonly type: string;
  readonly text: string;
  readonly children?: readonly DecodedValue[];
}

export interface EventView {
  readonly emitter: AddressForms;
  readonly emitterName: string | null;
  /** `Transfer(address,address,uint256)` when an ABI decodes it. */
  readonly name: string | null;
  readonly args: readonly DecodedValue[];
  /** Raw topics and data, always. */
  readonly topics: readonly string[];
  readonly data: string;
}

export interface ConsoleLineView {
  readonly text: string;
  /** The call-tree node it was logged from. */
  readonly node: number;
}

export interface RevertView {
  /** `Error(string)`, `Panic(uint256)`, a custom error's signature, or null when nothing decodes it. */
  readonly kind: 'error' | 'panic' | 'custom' | 'raw';
  readonly summary: string;
  readonly args: readonly DecodedValue[];
  readonly data: string;
}

/** `wasm`: an Init Exec of installed Wasm code, or a call with JSON params (session/wasm). */
export type MessageKind = 'deploy' | 'invoke' | 'send' | 'wasm';

/** One line of the transaction log. */
export interface TxSummary {
  readonly index: number;
  readonly cid: string;
  readonly kind: MessageKind;
  readonly from: string;
  readonly fromLabel: string;
  readonly to: string;
  readonly toLabel: string;
  /** `increment()`, `CreateExternal (Counter)`, `Send`. */
  readonly action: string;
  readonly value: bigint;
  readonly exitCode: number;
  readonly exitName: string;
  readonly gasUsed: number;
  readonly gasLimit: number;
  readonly epoch: bigint;
  readonly stepCount: number | null;
}

export interface TxDetail extends TxSummary {
  readonly exitText: string;
  /** Why the message failed outside actor code (pre-flight), in words. */
  readonly failure: string | null;
  readonly fees: FeeView | null;
  readonly nonce: number;
  readonly method: number;
  readonly params: string;
  readonly returnData: string;
  readonly returned: readonly DecodedValue[] | null;
  readonly deployed: ContractView | null;
  readonly events: readonly EventView[];
  readonly consoleLines: readonly ConsoleLineView[];
  readonly revert: RevertView | null;
  /** The Solidity place the revert came from, if the debugger can map it. */
  readonly revertLocation: { path: string; line: number } | null;
  readonly backtrace: string | null;
  readonly stateRootBefore: string;
  readonly stateRootAfter: string;
}

/** The result of a read-only call (an implicit message): nothing is committed. */
export interface ReadView {
  readonly exitCode: number;
  readonly exitName: string;
  readonly exitText: string;
  readonly gasUsed: number;
  readonly returnData: string;
  readonly returned: readonly DecodedValue[] | null;
  readonly revert: RevertView | null;
  readonly consoleLines: readonly ConsoleLineView[];
}

// ---- call tree and gas ---------------------------------------------------------------------------------

/** The whole call tree as columns (cheap to send even for many nodes): enough for the tree and the chart. */
export interface CallTreeOverview {
  readonly count: number;
  readonly parent: Int32Array;
  readonly depth: Uint16Array;
  readonly size: Uint32Array;
  readonly ownGas: Float64Array;
  readonly inclusiveGas: Float64Array;
  readonly exitCode: Int32Array;
  /** Short label per node: `Counter.increment()`, `EAM.CreateExternal`, `f0101 Send`. */
  readonly labels: readonly string[];
  /** Milligas of the inclusion charge (before the first call). */
  readonly preCallGas: number;
  readonly gasUsed: number;
}

export interface ChargeTotalView {
  readonly name: string;
  readonly compute: number;
  readonly other: number;
  readonly total: number;
  readonly count: number;
  readonly estimated: boolean;
}

export interface CallNodeDetail {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly toLabel: string;
  readonly actorType: string | null;
  readonly method: number;
  readonly methodName: string;
  readonly value: bigint;
  readonly gasLimit: number;
  readonly readOnly: boolean;
  readonly exitCode: number | null;
  readonly exitName: string | null;
  readonly error: string | null;
  /** Milligas, as the call tree's row shows them (the message's inclusion is not the call's). */
  readonly ownGas: number;
  readonly inclusiveGas: number;
  /**
   * For the top call: the inclusion charge (OnChainMessage) made before it, in milligas, which its charges
   * list (Lotus attaches it to the top call); 0 for other calls.
   */
  readonly inclusionGas: number;
  /** The node's own charges by name, in the order names first appear (Lotus names). */
  readonly charges: readonly ChargeTotalView[];
  readonly params: string;
  readonly returnData: string;
  readonly logs: readonly string[];
  readonly evmSteps: number;
  /** The debugger's first step for this node's EVM frame, if it ran one. */
  readonly firstStep: number | null;
}

// ---- debugger ------------------------------------------------------------------------------------------

export interface DebugFrameView {
  readonly index: number;
  readonly nodeId: number;
  readonly parentFrame: number;
  readonly depth: number;
  readonly label: string;
  readonly firstStep: number;
  readonly lastStep: number;
  readonly status: string;
  readonly artifactKey: string | null;
  readonly codeKind: 'creation' | 'runtime' | null;
}

export interface DebugFileView {
  readonly index: number;
  readonly path: string;
}

export interface DebugInfo {
  readonly message: number;
  readonly totalSteps: number;
  readonly frames: readonly DebugFrameView[];
  readonly files: readonly DebugFileView[];
  /** The step a revert started at (follows failing calls down to where the revert came from). */
  readonly revertStep: number | null;
  /** How long building the debugger's index took in the worker. */
  readonly indexMs: number;
}

export interface StepRow {
  readonly step: number;
  readonly frame: number;
  readonly depth: number;
  readonly pc: number;
  readonly op: string;
  /** Milligas the step used (for CALL/CREATE, including the call). */
  readonly gas: number;
  readonly file: number;
  readonly line: number;
}

export interface StorageAccessView {
  readonly step: number;
  readonly kind: string;
  readonly slot: string;
  readonly value: string;
  readonly previous: string | null;
  /** The variable the slot holds, when the storage layout says. */
  readonly variable: string | null;
}

export interface StepDetail extends StepRow {
  readonly local: number;
  readonly frameLabel: string;
  readonly functionDepth: number;
  readonly gasBefore: number;
  readonly gasAfter: number;
  /** Stack before the step, top first, as 0x words. */
  readonly stack: readonly string[];
  readonly memorySize: number;
  /** A window of memory before the step. */
  readonly memory: { readonly offset: number; readonly hex: string };
  /** Storage this frame read or wrote up to this step, the latest per slot. */
  readonly storage: readonly StorageAccessView[];
  readonly location: {
    readonly file: number;
    readonly path: string;
    readonly startLine: number;
    readonly startColumn: number;
    readonly endLine: number;
    readonly endColumn: number;
  } | null;
  /** True when the step is in compiler-generated code: `location` is then the line that led into it. */
  readonly inGeneratedCode: boolean;
  readonly error: string | null;
}

export type NavigateAction =
  | { kind: 'into' | 'back' | 'over' | 'out' | 'start' | 'end' | 'revert' | 'nextLine' | 'prevLine' }
  | { kind: 'toLine'; path: string; line: number };

export interface LineGas {
  readonly line: number;
  /** Milligas of the line's steps, calls included. */
  readonly gas: number;
  /** Milligas of the line's steps without the calls they made. */
  readonly selfGas: number;
  readonly steps: number;
}

export interface GasByLineView {
  readonly message: number;
  readonly files: ReadonlyArray<{
    readonly file: number;
    readonly path: string;
    readonly lines: readonly LineGas[];
  }>;
  /**
   * Gas each EVM invocation spent outside its bytecode: the invocation itself, loading the contract and
   * flushing its storage at the end (where SSTOREs are paid for), and the return.
   */
  readonly outside: ReadonlyArray<{
    readonly frame: number;
    readonly label: string;
    readonly gas: number;
    readonly storageWriteLines: readonly number[];
  }>;
  /** Milligas of steps that map to no source line (compiler-generated code). */
  readonly unmapped: number;
  readonly gasUsed: number;
}

// ---- state diff ----------------------------------------------------------------------------------------

export interface StorageVariableChange {
  /** `count`, `balances[0xab…]`, `allowance[0x1…][0x2…]`, `items[3].owner` */
  readonly name: string;
  readonly type: string;
  readonly before: string;
  readonly after: string;
}

export interface StorageSlotChange {
  readonly slot: string;
  readonly before: string;
  readonly after: string;
  /** The variables the slot holds (several when packed); empty when the layout cannot name it. */
  readonly variables: readonly StorageVariableChange[];
}

export interface ActorChangeView {
  readonly kind: 'added' | 'removed' | 'changed';
  readonly actor: AddressForms;
  readonly label: string;
  readonly actorType: string | null;
  readonly typeBefore: string | null;
  readonly balanceBefore: bigint | null;
  readonly balanceAfter: bigint | null;
  readonly nonceBefore: number | null;
  readonly nonceAfter: number | null;
  readonly fields: readonly string[];
  readonly storage: readonly StorageSlotChange[];
  /** The contract whose storage layout named the slots. */
  readonly layoutFrom: string | null;
  /**
   * A user (Wasm) actor's state before and after, decoded as JSON text in the notation of JSON params
   * (null where the actor did not exist); absent for built-in actors and unchanged state.
   */
  readonly userState?: { readonly before: string | null; readonly after: string | null };
}

export interface StateDiffView {
  readonly message: number;
  readonly actors: readonly ActorChangeView[];
  readonly addresses: ReadonlyArray<{
    readonly kind: string;
    readonly address: string;
    readonly id: string | null;
  }>;
}

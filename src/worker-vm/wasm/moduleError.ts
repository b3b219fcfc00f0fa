import { type ErrorKind, PlaygroundError } from '../errors';

/**
 * Why an actor's Wasm module cannot be used. The kernel maps these to exits: `missing-invoke` →
 * SYS_INVALID_RECEIVER, `missing-memory` → a fatal error (ref-fvm fails before instantiating), anything
 * else → SYS_ILLEGAL_INSTRUCTION (ref-fvm refuses to load the module).
 */
export type WasmProblem =
  /** The bytes do not decode as a Wasm module. */
  | 'malformed'
  /** Decodes, but the engine's validator rejects it (types, indices, ...). */
  | 'invalid'
  /** Uses a proposal the FVM disables (SIMD, threads, exceptions, tail calls, multi-value, ...). */
  | 'disabled-feature'
  | 'missing-invoke'
  /** `invoke` is exported with a type other than the SDK's `(i32) -> i32`. */
  | 'invalid-invoke'
  | 'missing-memory'
  /** Imports something other than functions (the FVM provides only syscalls and the gas counter). */
  | 'unsupported-import'
  /** Segment offsets or initialisers that are not a single constant (the instrumenter refuses them). */
  | 'non-constant-expression'
  /** More memory or table than an FVM instance may have. */
  | 'too-large'
  /** The instrumenter refuses the module (e.g. a linear instruction with a negative constant). */
  | 'instrumentation';

export class WasmModuleError extends PlaygroundError {
  readonly problem: WasmProblem;

  constructor(problem: WasmProblem, kind: ErrorKind, message: string, where?: string) {
    super(kind, message, where);
    this.name = 'WasmModuleError';
    this.problem = problem;
  }
}

export const moduleError = (problem: WasmProblem, message: string, where?: string) =>
  new WasmModuleError(
    problem,
    problem === 'malformed' || problem === 'invalid'
      ? 'MalformedData'
      : problem === 'too-large'
        ? 'TooLarge'
        : 'InvalidInput',
    message,
    where,
  );

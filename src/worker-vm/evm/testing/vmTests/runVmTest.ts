import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Hex, toRlp } from 'viem';
import { analyzeCode } from '../../code';
import { gasSchedule } from '../../gas';
import { execute } from '../../interpreter';
import { CONSTANTINOPLE_OPCODES, FEVM_WITH_CALLCODE, Op, type OpcodeSet } from '../../opcodes';
import { type EvmResult, isSuccess } from '../../types';
import { addressToHex, wordToHex } from '../../words';
import type { LogEntry } from '../ethereumHost';
import { ETHEREUM_GAS } from './ethereumGas';
import { isVmTest, parseVmTestFile, type VmTest } from './format';
import { VmTestsHost } from './vmTestsHost';

/**
 * Runs VMTests cases through the core and judges them.
 *
 * Each case runs first as the FEVM would run it: the FEVM opcode set (plus CALLCODE, which these
 * fixtures use) and no gas. We compare success/failure, `out`, the storage of every account, the logs
 * hash, and the recorded CALL/CREATEs (destination, value, data; not their gas). A match passes.
 *
 * A mismatch is a failure unless one of these inapplicable causes reproduces the expectation exactly:
 *  - Ethereum gas: re-run under an Ethereum gas schedule with the fixture's gas; if that matches, the
 *    expectation depends on Ethereum gas (an out-of-gas outcome, or a GAS opcode result), which FEVM does
 *    not have (spec 10.3, 10.11). Skipped with the reason.
 *  - Fork: re-run with the Constantinople opcode set; if that matches, the case relies on a byte being
 *    undefined that FEVM defines (PUSH0, CHAINID, SELFBALANCE, BASEFEE, TLOAD, TSTORE, MCOPY, CLZ).
 *    Skipped with the reason.
 * Nothing else is skipped.
 */
export type Verdict = 'passed' | 'failed' | 'skipped';

export interface VmTestOutcome {
  file: string;
  name: string;
  verdict: Verdict;
  /** Why a case failed or was skipped. */
  reason?: string;
  /**
   * For passing cases with an expected `gas`: whether the same case under the Ethereum gas schedule
   * (the core's gas hook plus the host's dynamic charges) leaves exactly that gas. Informational: FEVM has
   * no Ethereum gas, but this checks the hook on real data.
   */
  gasMatched?: boolean;
}

/**
 * The FEVM-like run still needs an end for fixtures that loop until Ethereum gas runs out. Every
 * instruction but the terminal ones costs at least 1 Ethereum gas, so a budget of one unit per
 * instruction, capped at the fixture's gas, never stops a case that ends in Ethereum; the cap at 2^28
 * steps bounds the time a runaway case takes. Hitting it is never counted as a pass.
 */
const STEP_BOUND = gasSchedule({
  opcodeCost: (() => {
    const costs = new Int32Array(256).fill(1);
    costs[Op.STOP] = 0;
    costs[Op.RETURN] = 0;
    costs[Op.REVERT] = 0;
    return costs;
  })(),
});
const MAX_STEPS = 2 ** 28;
/** Memory cap for fixture runs: far above what any case affords in Ethereum gas, far below FEVM's 512 MiB. */
const MAX_MEMORY = 32 * 1024 * 1024;

interface Observation {
  result: EvmResult;
  host: VmTestsHost;
}

function runOnce(test: VmTest, opcodes: OpcodeSet, ethereumGas: boolean): Observation {
  const host = new VmTestsHost(test, { ethereumGas });
  const exec = test.exec;
  const result = execute({
    host,
    message: {
      address: exec.address,
      caller: exec.caller,
      value: exec.value,
      input: exec.data,
      isStatic: false,
      depth: 0,
    },
    code: analyzeCode(exec.code),
    opcodes,
    // Fixture gas is at most 2^63; Ethereum-gas runs are exact below 2^53, far above what any case uses.
    gas: ethereumGas ? Number(exec.gas) : Math.min(Number(exec.gas), MAX_STEPS),
    gasSchedule: ethereumGas ? ETHEREUM_GAS : STEP_BOUND,
    maxMemory: MAX_MEMORY,
  });
  return { result, host };
}

/** How the observation differs from the expectation, or null when it matches. */
export function mismatch(test: VmTest, { result, host }: Observation): string | null {
  const expected = test.expected;
  // In this format REVERT is an exception like any other: the case then has no post state.
  const succeeded = isSuccess(result);
  const ended = `${result.status}${result.error ? ` (${result.error})` : ''} at pc ${result.pc}`;
  if (expected === undefined) return succeeded ? `expected the frame to fail; it ended with ${ended}` : null;
  if (!succeeded) return `expected success; the frame ended with ${ended}`;

  const problems: string[] = [];
  const out = expected.out;
  if (out instanceof Uint8Array) {
    if (!equalBytes(out, result.output)) problems.push(`out ${hex(result.output)} != expected ${hex(out)}`);
  } else if (out.length !== result.output.length) {
    problems.push(`out length ${result.output.length} != expected ${out.length}`);
  }

  const addresses = new Set([...expected.post.keys(), ...host.accounts.keys()]);
  for (const address of addresses) {
    const want = expected.post.get(address)?.storage ?? new Map<bigint, bigint>();
    const have = host.accounts.get(address)?.storage ?? new Map<bigint, bigint>();
    const keys = new Set([...want.keys(), ...have.keys()]);
    for (const key of keys) {
      const w = want.get(key) ?? 0n;
      const h = have.get(key) ?? 0n;
      if (w !== h)
        problems.push(
          `storage ${addressToHex(address)}[${key.toString(16)}] = ${h.toString(16)}, expected ${w.toString(16)}`,
        );
    }
  }

  const logsHash = hashLogs(host.logs);
  if (!equalBytes(logsHash, expected.logsHash))
    problems.push(
      `logs hash ${hex(logsHash)} != expected ${hex(expected.logsHash)} (${host.logs.length} logs)`,
    );

  const want = expected.callcreates;
  const have = host.callcreates;
  if (want.length !== have.length) {
    problems.push(`${have.length} CALL/CREATEs recorded, expected ${want.length}`);
  } else {
    want.forEach((w, i) => {
      const h = have[i]!;
      if (w.destination !== h.destination || w.value !== h.value || !equalBytes(w.data, h.data)) {
        problems.push(
          `call/create #${i} (${h.kind}) differs: to ${h.destination?.toString(16) ?? '(create)'} value ${h.value} data ${hex(h.data)}`,
        );
      }
    });
  }
  return problems.length === 0 ? null : problems.join('; ');
}

/** keccak256 of the RLP list of logs, each [address, [topics], data] (the fixture's `logs` field). */
export function hashLogs(logs: LogEntry[]): Uint8Array {
  const items = logs.map((log) => [
    addressToHex(log.address) as Hex,
    log.topics.map((topic) => wordToHex(topic) as Hex),
    `0x${bytesToHex(log.data)}` as Hex,
  ]);
  return keccak_256(toRlp(items, 'bytes'));
}

/** Judges one case (see the module comment for the rules). */
export function judgeVmTest(test: VmTest): { verdict: Verdict; reason?: string; gasMatched?: boolean } {
  const fevm = runOnce(test, FEVM_WITH_CALLCODE, false);
  const problem =
    fevm.result.error === 'OutOfGas'
      ? `stopped by the step bound (${MAX_STEPS} instructions or the fixture's gas)`
      : mismatch(test, fevm);
  if (problem === null) {
    if (test.expected === undefined) return { verdict: 'passed' };
    const withGas = runOnce(test, FEVM_WITH_CALLCODE, true);
    return { verdict: 'passed', gasMatched: BigInt(withGas.result.gasLeft) === test.expected.gas };
  }

  const withGas = runOnce(test, FEVM_WITH_CALLCODE, true);
  if (mismatch(test, withGas) === null) {
    if (withGas.result.error === 'OutOfGas') {
      return {
        verdict: 'skipped',
        reason: `runs out of gas under Ethereum's gas schedule (pc ${withGas.result.pc}); FEVM has no EVM gas`,
      };
    }
    if (fevm.host.gasOpcodeUsed) {
      return {
        verdict: 'skipped',
        reason: 'depends on the value the GAS opcode pushes, which is Ethereum gas; FEVM pushes Filecoin gas',
      };
    }
    return {
      verdict: 'skipped',
      reason: `matches only under Ethereum's gas schedule (${withGas.result.status})`,
    };
  }

  for (const ethereumGas of [false, true]) {
    const older = runOnce(test, CONSTANTINOPLE_OPCODES, ethereumGas);
    if (mismatch(test, older) === null) {
      const op = older.result.error === 'UndefinedInstruction' ? test.exec.code[older.result.pc] : undefined;
      const which = op === undefined ? 'an opcode' : `opcode 0x${op.toString(16).padStart(2, '0')}`;
      return {
        verdict: 'skipped',
        reason: `expects ${which} to be undefined as in Constantinople; FEVM defines it`,
      };
    }
  }
  return { verdict: 'failed', reason: problem };
}

/**
 * Runs every case of one fixture file. A file that is not JSON, or a case that is malformed, is one failed
 * outcome; a JSON file of another format (no env/exec/pre, e.g. state tests) is skipped as inapplicable.
 */
export function runVmTestFile(text: string, file: string): VmTestOutcome[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [{ file, name: '(file)', verdict: 'failed', reason: `not JSON: ${(error as Error).message}` }];
  }
  const cases = typeof json === 'object' && json !== null && !Array.isArray(json) ? Object.values(json) : [];
  if (cases.length === 0 || !cases.every(isVmTest)) {
    return [
      {
        file,
        name: '(file)',
        verdict: 'skipped',
        reason: 'not a VMTests-format file (cases need env, exec and pre)',
      },
    ];
  }
  let tests: VmTest[];
  try {
    tests = parseVmTestFile(text, file);
  } catch (error) {
    return [{ file, name: '(file)', verdict: 'failed', reason: (error as Error).message }];
  }
  return tests.map((test) => {
    try {
      return { file, name: test.name, ...judgeVmTest(test) };
    } catch (error) {
      // A crash is a failure of this case, not of the whole run.
      return {
        file,
        name: test.name,
        verdict: 'failed' as const,
        reason: `crashed: ${(error as Error).stack ?? error}`,
      };
    }
  });
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const hex = (bytes: Uint8Array): string => `0x${bytesToHex(bytes)}`;

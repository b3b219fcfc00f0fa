import { revertDataOf } from '../actors/evm/revertData';
import { decodeRevert, describeRevert } from '../evm/revert';
import { describeExitCode } from '../kernel/codes';
import { buildCallTree } from '../trace/callTree';
import { toLotusTrace } from '../trace/lotusTrace';
import { toJsonValue } from '../util/json';
import type { ScenarioOutcome } from './runScenario';

/** The runner's JSON output: receipts, fees, Lotus-shaped traces and state diffs per step. */
export function scenarioReport(outcome: ScenarioOutcome): unknown {
  return toJsonValue({
    passed: outcome.passed,
    finalStateRoot: outcome.machine.stateRoot,
    epoch: outcome.machine.epoch,
    steps: outcome.steps.map((step) => {
      const result = step.result;
      const receipt = result?.receipt;
      return {
        index: step.index,
        kind: step.kind,
        label: step.label,
        messageCid: step.applied?.cid,
        stateRoot: step.applied?.stateRootAfter,
        receipt: receipt && {
          exitCode: receipt.exitCode,
          exitCodeName: describeExitCode(receipt.exitCode).name,
          exitCodeMeaning: describeExitCode(receipt.exitCode).text,
          returnData: receipt.returnData,
          returnCodec: receipt.returnCodec,
          gasUsed: receipt.gasUsed,
          eventsRoot: receipt.eventsRoot,
        },
        failure: result?.failure,
        revert: receipt && revertSummary(receipt),
        gasOutputs: result?.gasOutputs,
        deployed: step.deployed,
        installed: step.installed,
        created: step.created,
        returnValue: step.returnValue,
        events: result?.events.map((event) => ({ emitter: event.emitter, entries: event.entries })),
        trace: result?.trace ? toLotusTrace(buildCallTree(result.trace)) : undefined,
        diff: step.diff,
        failedExpectations: step.failedExpectations.length > 0 ? step.failedExpectations : undefined,
      };
    }),
  });
}

/**
 * For a reverted EVM invocation (exit 33): the revert data decoded as Error(string) or Panic(uint256)
 * (the runner has no ABI, so custom errors show as their selector and raw data), with a one-line text.
 */
function revertSummary(receipt: { exitCode: number; returnData: Uint8Array }) {
  const data = revertDataOf(receipt);
  if (data === undefined) return undefined;
  const reason = decodeRevert(data);
  return { ...reason, text: describeRevert(reason) };
}

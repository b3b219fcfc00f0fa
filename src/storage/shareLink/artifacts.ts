import { notFound } from '../../worker-vm/errors';
import type { Scenario, ScenarioStep } from '../../worker-vm/scenario/scenario';
import { isArtifactDeploy, type LinkScenario, type LinkStep } from './payload';

/** A compiled contract's creation code, as the compiler returns it (`0x…` hex). */
export interface CreationCode {
  /** `file:Contract` */
  readonly id: string;
  readonly bytecode: string;
}

const strip = (hex: string) => (hex.startsWith('0x') ? hex.slice(2) : hex).toLowerCase();

/**
 * Shortens a scenario for a link: a deploy whose bytecode starts with the creation code of one of the
 * workspace's compiled contracts names that contract instead (plus the constructor arguments that follow
 * the code). The opener compiles the same files with the same compiler and settings, which gives the
 * same creation code (solc is deterministic and its metadata hash covers the sources), and
 * `resolveArtifacts` puts the bytecode back. Deploys of anything else keep their bytecode.
 */
export function compactScenario(scenario: Scenario, artifacts: Iterable<CreationCode>): LinkScenario {
  // Longest first, so a contract whose code is a prefix of another's cannot shadow it.
  const candidates = [...artifacts]
    .map((artifact) => ({ id: artifact.id, code: strip(artifact.bytecode) }))
    .filter((artifact) => artifact.code.length > 0 && /^[0-9a-f]+$/.test(artifact.code))
    .sort((a, b) => b.code.length - a.code.length);
  const steps: LinkStep[] = scenario.steps.map((step) => {
    if (step.kind !== 'deploy') return step;
    const bytecode = strip(step.bytecode);
    const match = candidates.find((artifact) => bytecode.startsWith(artifact.code));
    if (!match) return step;
    const { bytecode: _bytecode, ...rest } = step;
    const args = bytecode.slice(match.code.length);
    return { ...rest, artifact: match.id, ...(args === '' ? {} : { args: `0x${args}` }) };
  });
  return { ...scenario, steps };
}

/** Puts compiled bytecode back into a link's scenario; a deploy of a contract that did not compile is an error. */
export function resolveArtifacts(scenario: LinkScenario, artifacts: Iterable<CreationCode>): Scenario {
  const byId = new Map<string, string>();
  for (const artifact of artifacts) byId.set(artifact.id, strip(artifact.bytecode));
  const steps: ScenarioStep[] = scenario.steps.map((step, i) => {
    if (!isArtifactDeploy(step)) return step;
    const code = byId.get(step.artifact);
    if (code === undefined || code === '' || !/^[0-9a-f]+$/.test(code)) {
      throw notFound(
        `deploys ${step.artifact}, which the compiler did not produce (or produced without linked bytecode)`,
        `scenario.steps[${i}]`,
      );
    }
    const { artifact: _artifact, args, ...rest } = step;
    return { ...rest, bytecode: `0x${code}${strip(args ?? '')}` };
  });
  return { ...scenario, steps };
}

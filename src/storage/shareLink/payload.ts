import type { SourceFiles } from '../../compiler/types';
import { invalidInput, PlaygroundError, tooLarge } from '../../worker-vm/errors';
import { parseCid } from '../../worker-vm/ipld/cid';
import {
  type DeployStep,
  parseScenario,
  type ScenarioGenesis,
  type ScenarioStep,
} from '../../worker-vm/scenario/scenario';
import { checkFilePath, checkName } from '../workspace/paths';
import { type CompilerChoice, checkCompiler, checkFiles, checkJson } from '../workspace/workspace';

/**
 * What a share link carries (docs/storage.md): the workspace's files and compiler choice, and the
 * scenario that rebuilds its chain (the headless runner's format, where a deploy may name a compiled
 * artifact instead of carrying its bytecode), plus what the replay must reproduce.
 */
export interface SharePayload {
  readonly name?: string;
  readonly files: SourceFiles;
  readonly compiler: CompilerChoice;
  readonly scenario: LinkScenario;
  /** The state root and receipts the sharer had: the opener says whether its replay matches. */
  readonly expect?: ShareExpectation;
  /** Files to open, and the active one. */
  readonly open?: { readonly files: readonly string[]; readonly active: string | null };
}

export interface ShareExpectation {
  /** The final state root (CID string). */
  readonly stateRoot: string;
  /** receiptsDigest() of the applied messages' receipts, in order. */
  readonly receipts: string;
}

/** A deploy of a contract the opener compiles from the link's files: `artifact` is `file:Contract`. */
export interface ArtifactDeployStep extends Omit<DeployStep, 'bytecode'> {
  readonly artifact: string;
  /** ABI-encoded constructor arguments appended to the creation code (hex). */
  readonly args?: string;
}

export type LinkStep = ScenarioStep | ArtifactDeployStep;

export interface LinkScenario {
  readonly version: 1;
  readonly description?: string;
  readonly genesis?: ScenarioGenesis;
  readonly steps: readonly LinkStep[];
}

export const isArtifactDeploy = (step: LinkStep): step is ArtifactDeployStep =>
  step.kind === 'deploy' && 'artifact' in step;

/** A replay of more steps than this is not a workshop; it should travel as an exported file. */
export const MAX_LINK_STEPS = 1000;
/**
 * The most gas a link's replay may use, all steps together: five full blocks (a workshop's messages use a
 * few hundred million). Checked as it runs (gas is only known by running), so a hostile link of
 * maximal-gas steps stops after at most six blocks' work (seconds) instead of keeping the VM busy.
 */
export const MAX_LINK_REPLAY_GAS = 50_000_000_000; // 5 × BLOCK_GAS_LIMIT (10 billion)
const MAX_DESCRIPTION = 2000;

const MESSAGE_FIELDS = ['from', 'value', 'gasLimit', 'gasFeeCap', 'gasPremium'];
const STEP_FIELDS: Record<string, readonly string[]> = {
  send: ['to', 'method', 'params', 'paramsJson', ...MESSAGE_FIELDS],
  installActor: ['name', 'wasm'],
  createActor: ['code', 'params', 'name', ...MESSAGE_FIELDS],
  deploy: ['name', 'bytecode', 'artifact', 'args', ...MESSAGE_FIELDS],
  invoke: ['to', 'calldata', ...MESSAGE_FIELDS],
  call: ['from', 'to', 'calldata'],
  advanceEpochs: ['count'],
};
const CONTRACT_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,255}$/;

/**
 * Checks a decoded payload completely (a link is untrusted input) and returns it in canonical form:
 * known fields only, file paths and contents as the workspace accepts them, compiler settings
 * normalized, the scenario as the runner accepts it, deploys naming artifacts of files in the link.
 */
export function checkPayload(json: unknown, where = 'share link'): SharePayload {
  const input = object(json, where);
  allowOnly(input, ['name', 'files', 'compiler', 'scenario', 'expect', 'open'], where);
  if (!Array.isArray(input.files))
    throw invalidInput('must be a list of [path, text] pairs', `${where}.files`);
  const pairs = input.files.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw invalidInput('must be a [path, text] pair', `${where}.files[${i}]`);
    return [pair[0], pair[1]] as const;
  });
  const files = checkFiles(pairs, `${where}.files`);
  const payload: {
    -readonly [K in keyof SharePayload]: SharePayload[K];
  } = {
    files,
    compiler: checkCompiler(input.compiler ?? {}, `${where}.compiler`),
    scenario: checkLinkScenario(input.scenario, files, `${where}.scenario`),
  };
  if (input.name !== undefined) payload.name = checkName(input.name, `${where}.name`);
  if (input.expect !== undefined) payload.expect = checkExpectation(input.expect, `${where}.expect`);
  if (input.open !== undefined) {
    const open = object(input.open, `${where}.open`);
    allowOnly(open, ['files', 'active'], `${where}.open`);
    if (!Array.isArray(open.files)) throw invalidInput('must be a list', `${where}.open.files`);
    const inLink = (path: string, at: string) => {
      if (!Object.hasOwn(files, path))
        throw invalidInput(`${JSON.stringify(path)} is not a file of the link`, at);
      return path;
    };
    payload.open = {
      files: open.files.map((p, i) =>
        inLink(checkFilePath(p, `${where}.open.files[${i}]`), `${where}.open.files[${i}]`),
      ),
      active:
        open.active === null || open.active === undefined
          ? null
          : inLink(checkFilePath(open.active, `${where}.open.active`), `${where}.open.active`),
    };
  }
  return payload;
}

export function checkLinkScenario(value: unknown, files: SourceFiles, where: string): LinkScenario {
  const input = object(value, where);
  allowOnly(input, ['version', 'description', 'genesis', 'steps'], where);
  if (
    input.description !== undefined &&
    (typeof input.description !== 'string' || input.description.length > MAX_DESCRIPTION)
  )
    throw invalidInput(`must be text of at most ${MAX_DESCRIPTION} characters`, `${where}.description`);
  if (!Array.isArray(input.steps)) throw invalidInput('steps must be a list', `${where}.steps`);
  if (input.steps.length > MAX_LINK_STEPS)
    throw tooLarge(`a link replays at most ${MAX_LINK_STEPS} steps; export a file instead`, `${where}.steps`);
  if (input.genesis !== undefined) {
    allowOnly(
      object(input.genesis, `${where}.genesis`),
      ['seed', 'secpAccounts', 'ethAccounts', 'accountBalance'],
      `${where}.genesis`,
    );
  }
  // Artifact deploys are checked here; then the runner's own parser checks every step as it will run.
  const forRunner = input.steps.map((raw, i) => {
    const at = `${where}.steps[${i}]`;
    const step = object(raw, at);
    const kind = step.kind;
    if (typeof kind !== 'string' || !Object.hasOwn(STEP_FIELDS, kind)) return step;
    allowOnly(step, ['kind', 'label', 'expect', ...STEP_FIELDS[kind]!], at);
    if (step.label !== undefined && (typeof step.label !== 'string' || step.label.length > 200))
      throw invalidInput('must be text of at most 200 characters', `${at}.label`);
    if (step.expect !== undefined)
      allowOnly(
        object(step.expect, `${at}.expect`),
        ['exitCode', 'gasUsed', 'returnData', 'events'],
        `${at}.expect`,
      );
    // JSON params become DAG-CBOR when replayed: plain JSON, not deeper than 32 levels.
    if (kind === 'send' && step.paramsJson !== undefined) checkJson(step.paramsJson, `${at}.paramsJson`);
    if (kind === 'createActor' && step.params !== undefined) checkJson(step.params, `${at}.params`);
    if (kind !== 'deploy') return step;
    if (step.artifact === undefined) {
      if (step.args !== undefined) throw invalidInput('args go with artifact', `${at}.args`);
      return step;
    }
    if (step.bytecode !== undefined) throw invalidInput('give either bytecode or artifact, not both', at);
    checkArtifactId(step.artifact, files, `${at}.artifact`);
    if (
      step.args !== undefined &&
      (typeof step.args !== 'string' || !/^(0x)?([0-9a-fA-F]{2})*$/.test(step.args))
    )
      throw invalidInput('must be hex bytes (0x…)', `${at}.args`);
    const { artifact: _artifact, args: _args, ...rest } = step;
    return { ...rest, bytecode: '0x' };
  });
  try {
    parseScenario({ ...input, steps: forRunner });
  } catch (error) {
    if (error instanceof PlaygroundError) throw invalidInput(error.message, where);
    throw error;
  }
  return input as unknown as LinkScenario;
}

/** `file:Contract`, the file being one of the link's. */
export function checkArtifactId(value: unknown, files: SourceFiles, where: string): string {
  if (typeof value !== 'string') throw invalidInput('must be file:Contract', where);
  const colon = value.lastIndexOf(':');
  const file = value.slice(0, colon);
  const contract = value.slice(colon + 1);
  if (colon <= 0 || !CONTRACT_NAME.test(contract))
    throw invalidInput(`${JSON.stringify(value)} is not file:Contract`, where);
  checkFilePath(file, where);
  if (!Object.hasOwn(files, file))
    throw invalidInput(`${JSON.stringify(file)} is not a file of the link`, where);
  return value;
}

function checkExpectation(value: unknown, where: string): ShareExpectation {
  const e = object(value, where);
  allowOnly(e, ['stateRoot', 'receipts'], where);
  if (typeof e.stateRoot !== 'string' || e.stateRoot.length > 200)
    throw invalidInput('must be a CID', `${where}.stateRoot`);
  parseCid(e.stateRoot, `${where}.stateRoot`);
  if (typeof e.receipts !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(e.receipts))
    throw invalidInput('must be a receipts digest', `${where}.receipts`);
  return { stateRoot: e.stateRoot, receipts: e.receipts };
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidInput('must be an object', where);
  return value as Record<string, unknown>;
}

function allowOnly(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) throw invalidInput(`has an unknown field ${JSON.stringify(key)}`, where);
}

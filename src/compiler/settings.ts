import { invalidInput } from '../worker-vm/errors';
import type { CompilerSettings } from './types';

/** EVM versions solc 0.8 accepts, oldest first. The FEVM implements the opcodes up to Osaka's CLZ. */
export const EVM_VERSIONS = [
  'homestead',
  'tangerineWhistle',
  'spuriousDragon',
  'byzantium',
  'constantinople',
  'petersburg',
  'istanbul',
  'berlin',
  'london',
  'paris',
  'shanghai',
  'cancun',
  'prague',
  'osaka',
] as const;

export const DEFAULT_SETTINGS: CompilerSettings = {
  optimizer: { enabled: false, runs: 200 },
  evmVersion: undefined,
  viaIR: false,
  remappings: [],
};

/** The largest `runs` solc accepts (2^32 - 1). */
const MAX_RUNS = 4294967295;

export interface Remapping {
  context: string;
  prefix: string;
  target: string;
  /** The remapping as written, for messages. */
  text: string;
}

/** Parses `[context:]prefix=target` the way solc does; throws InvalidInput naming the bad entry. */
export function parseRemapping(text: string): Remapping {
  const trimmed = text.trim();
  const equals = trimmed.indexOf('=');
  if (equals <= 0) {
    throw invalidInput(
      `"${text}" is not a remapping; write prefix=target or context:prefix=target`,
      'remappings',
    );
  }
  const left = trimmed.slice(0, equals);
  const target = trimmed.slice(equals + 1);
  const colon = left.indexOf(':');
  const context = colon >= 0 ? left.slice(0, colon) : '';
  const prefix = colon >= 0 ? left.slice(colon + 1) : left;
  if (prefix === '') throw invalidInput(`"${text}" has an empty prefix`, 'remappings');
  return { context, prefix, target, text: trimmed };
}

/** Checks settings coming from the UI or a scenario file and returns them in canonical form. */
export function normalizeSettings(settings: Partial<CompilerSettings> | undefined): CompilerSettings {
  const merged: CompilerSettings = {
    ...DEFAULT_SETTINGS,
    ...settings,
    optimizer: { ...DEFAULT_SETTINGS.optimizer, ...settings?.optimizer },
    remappings: settings?.remappings ?? [],
  };
  const { runs, enabled } = merged.optimizer;
  if (typeof enabled !== 'boolean') throw invalidInput('must be true or false', 'optimizer.enabled');
  if (!Number.isInteger(runs) || runs < 0 || runs > MAX_RUNS) {
    throw invalidInput(`must be a whole number from 0 to ${MAX_RUNS}, not ${runs}`, 'optimizer.runs');
  }
  if (merged.evmVersion === '') merged.evmVersion = undefined;
  if (merged.evmVersion !== undefined && !(EVM_VERSIONS as readonly string[]).includes(merged.evmVersion)) {
    throw invalidInput(
      `"${merged.evmVersion}" is not an EVM version; use one of ${EVM_VERSIONS.join(', ')}`,
      'evmVersion',
    );
  }
  if (typeof merged.viaIR !== 'boolean') throw invalidInput('must be true or false', 'viaIR');
  if (!Array.isArray(merged.remappings)) throw invalidInput('must be a list of strings', 'remappings');
  merged.remappings = merged.remappings.map((r) => r.trim()).filter((r) => r !== '');
  for (const remapping of merged.remappings) parseRemapping(remapping);
  return merged;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SdkFiles, sdkLibraryPath } from './sdkFiles';

const SDK_FOLDER = join(import.meta.dirname, 'sdk');

/** The SDK's sources read from this folder (Node: tests, the headless runner, benchmarks). */
export function nodeSdkFiles(): SdkFiles {
  return new Map(
    readdirSync(SDK_FOLDER)
      .filter((name) => name.endsWith('.ts'))
      .sort()
      .map(
        (name) => [sdkLibraryPath(name), readFileSync(join(SDK_FOLDER, name), 'utf8')] as [string, string],
      ),
  );
}

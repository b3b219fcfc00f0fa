import { type Example, loadExample } from '../examples/examples';
import { useConsole } from '../state/consoleLog';
import { useWorkspace } from '../state/workspace';

/** Adds an example's files to the workspace (replacing earlier copies) and opens its main file. */
export async function openExample(example: Example): Promise<void> {
  const files = await loadExample(example);
  useWorkspace.getState().addFiles(files, example.main);
  useConsole
    .getState()
    .log('info', `Opened the example "${example.title}" (${example.main}); compile with Ctrl+S`);
}

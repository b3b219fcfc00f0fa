import { type Example, loadExample } from '../examples/examples';
import { pickFile } from '../share/pickFile';
import { useShare } from '../share/shareStore';
import { useConsole } from '../state/consoleLog';
import { useWorkspace } from '../state/workspace';
import type { Command } from './CommandPalette';

/** Adds an example's files to the workspace (replacing earlier copies) and opens its main file. */
export async function openExample(example: Example): Promise<void> {
  const files = await loadExample(example);
  useWorkspace.getState().addFiles(files, example.main);
  useConsole
    .getState()
    .log('info', `Opened the example "${example.title}" (${example.main}); compile with Ctrl+S`);
}

/** Share, export and import as palette commands (the same as the top bar's buttons). */
export function shareCommands(): Command[] {
  const share = useShare.getState();
  return [
    { id: 'share-link', title: 'Share: a link to this workspace and its chain', run: () => share.share() },
    {
      id: 'export-workspace',
      title: 'Export this workspace and its chain as a file (.fvmws.car)',
      run: () => share.exportCurrent(),
    },
    {
      id: 'import-workspace',
      title: 'Import a workspace file as a new workspace…',
      run: () => pickFile('.car,application/vnd.ipld.car', (file) => share.importFile(file)),
    },
  ];
}

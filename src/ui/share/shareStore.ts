import { create } from 'zustand';
import type {
  ImportedWorkspace,
  OpenedLink,
  ShareLinkResult,
} from '../../worker-vm/session/share/shareTypes';
import { isEmbedMode } from '../embed/embedMode';
import { replacedEmbedWorkspace } from '../embed/embedWorkspaces';
import { useConsole } from '../state/consoleLog';
import { useWorkspaces } from '../state/workspaces';
import { shareService } from './shareClient';
import { compileLinkFiles, contractCodes, currentContractCodes, workspaceSnapshot } from './snapshot';
import { reproduced, verdictText } from './verdict';

/** What the share dialog shows. Every text in it is rendered as text (names and files come from links). */
export type ShareDialog =
  | { kind: 'closed' }
  | { kind: 'busy'; title: string; stage: string }
  | { kind: 'link'; link: ShareLinkResult; url: string }
  /** The workspace is too large for a link: export a file instead. */
  | { kind: 'too-large'; message: string }
  | { kind: 'opened'; result: OpenedLink }
  | { kind: 'imported'; result: ImportedWorkspace }
  | { kind: 'error'; title: string; message: string };

interface ShareStore {
  dialog: ShareDialog;
  close(): void;
  /** Encodes the open workspace and its chain as a link. */
  share(): Promise<void>;
  /** Opens a link's fragment as a new workspace (the current one is untouched). */
  openLink(fragment: string): Promise<void>;
  /** Downloads the open workspace and its chain as a `.fvmws.car` file. */
  exportCurrent(): Promise<void>;
  /** Imports an export file as a new workspace and opens it. */
  importFile(file: File): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The page's address with a fragment (query kept: an embed link stays an embed link). */
export function urlWithFragment(fragment: string): string {
  const { origin, pathname, search } = window.location;
  return `${origin}${pathname}${search}${fragment}`;
}

/** Removes the fragment without a reload or a history entry, so a reload does not open the link again. */
export function clearFragment(): void {
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}`);
}

let busy = false;

export const useShare = create<ShareStore>((set) => {
  /** One operation at a time: each may create a workspace and switch to it. */
  const exclusive = async (title: string, work: (stage: (text: string) => void) => Promise<void>) => {
    if (busy) return;
    busy = true;
    const stage = (text: string) => set({ dialog: { kind: 'busy', title, stage: text } });
    try {
      await work(stage);
    } catch (error) {
      set({ dialog: { kind: 'error', title: `${title} failed`, message: describe(error) } });
    } finally {
      busy = false;
    }
  };

  return {
    dialog: { kind: 'closed' },
    close: () => set({ dialog: { kind: 'closed' } }),

    share: () =>
      exclusive('Share', async (stage) => {
        stage('Compiling the workspace…');
        const snapshot = workspaceSnapshot();
        const artifacts = await currentContractCodes(snapshot);
        stage('Encoding the chain…');
        try {
          const link = await shareService().createShareLink({ ...snapshot, artifacts });
          set({ dialog: { kind: 'link', link, url: urlWithFragment(link.fragment) } });
        } catch (error) {
          if (error instanceof Error && 'kind' in error && error.kind === 'TooLarge')
            set({ dialog: { kind: 'too-large', message: describe(error) } });
          else throw error;
        }
      }),

    openLink: (fragment) =>
      exclusive('Opening the shared workspace', async (stage) => {
        try {
          stage('Checking the link…');
          const preview = await shareService().previewShareLink(fragment);
          stage(`Compiling ${preview.files.length} file${preview.files.length === 1 ? '' : 's'}…`);
          const compiled = await compileLinkFiles(preview.files, preview.compiler);
          stage(`Replaying ${preview.steps} step${preview.steps === 1 ? '' : 's'}…`);
          const result = await shareService().openShareLink({ fragment, artifacts: contractCodes(compiled) });
          stage('Opening the new workspace…');
          await openWorkspace(result.workspaceId);
          if (isEmbedMode()) {
            const replaced = await replacedEmbedWorkspace(fragment, result.workspaceId);
            if (replaced) await useWorkspaces.getState().remove(replaced);
          }
          set({ dialog: { kind: 'opened', result } });
          useConsole.getState().log(reproduced(result) ? 'info' : 'error', verdictText(result, true));
        } finally {
          clearFragment();
        }
      }),

    exportCurrent: () =>
      exclusive('Export', async (stage) => {
        stage('Writing the export file…');
        const exported = await shareService().exportWorkspace(workspaceSnapshot());
        download(exported.bytes, exported.fileName);
        set({ dialog: { kind: 'closed' } });
        useConsole
          .getState()
          .log(
            'info',
            `Exported ${exported.fileName} (${exported.bytes.length.toLocaleString('en-US')} bytes)`,
          );
      }),

    importFile: (file) =>
      exclusive('Import', async (stage) => {
        stage(`Reading ${file.name}…`);
        const bytes = new Uint8Array(await file.arrayBuffer());
        stage('Checking every block and record…');
        const result = await shareService().importWorkspace(bytes);
        stage('Opening the imported workspace…');
        await openWorkspace(result.workspaceId);
        set({ dialog: { kind: 'imported', result } });
        useConsole.getState().log('info', `Imported "${result.name}": ${result.messages} messages`);
      }),
  };
});

/**
 * Opens a new workspace (`switchTo` also compiles it, so its contracts get forms, source maps and names)
 * and checks it is the one open now.
 */
async function openWorkspace(id: string): Promise<void> {
  await useWorkspaces.getState().switchTo(id);
  const { currentId, error } = useWorkspaces.getState();
  if (currentId !== id) throw new Error(error ?? 'the new workspace was created but could not be opened');
}

function download(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/vnd.ipld.car' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

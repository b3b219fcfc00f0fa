import { WorkspaceRegistry } from '../../storage/workspace/registry';

/** The UI thread's handle on the workspace list (the VM worker opens chains with its own). */
let registry: WorkspaceRegistry | undefined;
export function uiRegistry(): WorkspaceRegistry {
  registry ??= new WorkspaceRegistry();
  return registry;
}

const LAST_KEY = 'fvm-playground.workspace';

/** The workspace this tab had open (a reload keeps it), else the one last opened in any tab. */
export function lastWorkspaceId(): string | null {
  try {
    return sessionStorage.getItem(LAST_KEY) ?? localStorage.getItem(LAST_KEY);
  } catch {
    return null;
  }
}

export function rememberWorkspace(id: string): void {
  try {
    sessionStorage.setItem(LAST_KEY, id);
    localStorage.setItem(LAST_KEY, id);
  } catch {
    // Storage disabled: the first workspace opens next time.
  }
}

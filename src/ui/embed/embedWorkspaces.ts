import { tryAcquireWriter } from '../../storage/tabs/writerLock';

/**
 * An embed opened with a share link creates a workspace from it on every load (a workshop page reloads
 * often). So that these do not pile up in the visitor's browser, each link keeps one: the workspace of its
 * previous load is deleted when the new one is open, unless a tab or frame still has it open (it holds the
 * writer lock). The map from link to workspace lives in localStorage, bounded.
 */
const KEY = 'fvm-playground.embed-workspaces';
const MAX_LINKS = 20;

type EmbedMap = Array<[fragment: string, workspaceId: string]>;

function read(): EmbedMap {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter(
          (e): e is [string, string] =>
            Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

function write(map: EmbedMap): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(map.slice(-MAX_LINKS)));
  } catch {
    // Storage disabled or full: embeds then keep every workspace, as the full playground does.
  }
}

/**
 * Records `workspaceId` as the link's workspace and returns the one of its previous load that may be
 * deleted now (none if there was none, or if it is still open somewhere).
 */
export async function replacedEmbedWorkspace(fragment: string, workspaceId: string): Promise<string | null> {
  const map = read();
  const previous = map.find(([f]) => f === fragment)?.[1] ?? null;
  write([...map.filter(([f]) => f !== fragment), [fragment, workspaceId]]);
  if (previous === null || previous === workspaceId) return null;
  const lease = await tryAcquireWriter(previous);
  if (!lease) return null;
  lease.release();
  return previous;
}

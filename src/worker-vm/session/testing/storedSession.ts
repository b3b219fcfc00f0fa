import { FakeLockManager } from '../../../storage/testing/fakeLocks';
import { uniqueName } from '../../../storage/testing/fixtures';
import { WorkspaceRegistry } from '../../../storage/workspace/registry';
import type { PersistenceEnv } from '../persistence/sessionPersistence';
import { PlaygroundSession } from '../session';

/**
 * Tests of sessions on stored workspaces: one "browser" is a registry under a fresh prefix (on
 * fake-indexeddb, which the test file imports) and one lock manager its tabs (sessions) share.
 */
export function testBrowser(prefix: string): PersistenceEnv {
  return {
    registry: new WorkspaceRegistry({ prefix: uniqueName(prefix) }),
    tabs: { locks: new FakeLockManager() },
  };
}

/** A new session (a tab's worker) with workspace `id` open. */
export async function sessionOn(env: PersistenceEnv, id: string) {
  const session = new PlaygroundSession();
  session.storageEnv = env;
  const opened = await session.openWorkspace(id);
  return { session, opened };
}

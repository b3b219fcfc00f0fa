import { vmSession } from '../../worker-vm/client';
import { useChain } from '../state/chain';
import { useWorkspaces } from '../state/workspaces';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The worker saves the chain and the session record after a message returns, so a save that fails (a
 * full quota) is known only later: after each change of the chain the UI asks how the saves ended and
 * shows a failure in the banner (storage.md, "In the app"). The latest answer wins.
 */
let asked = 0;

export async function checkVmSaves(): Promise<void> {
  const ask = ++asked;
  try {
    const status = await vmSession().settledStatus();
    if (ask === asked) useWorkspaces.setState({ chainSaveError: status?.saveError ?? null });
  } catch {
    // No answer (the worker is restarting): the next change asks again.
  }
}

/** Saves what failed again (the banner's button, after the user freed space). Throws if it fails again. */
export async function retryVmSaves(): Promise<void> {
  const ask = ++asked;
  try {
    const status = await vmSession().retrySave();
    if (ask === asked) useWorkspaces.setState({ chainSaveError: status.saveError });
  } catch (error) {
    if (ask === asked) useWorkspaces.setState({ chainSaveError: describe(error) });
    throw error;
  }
}

/** Asks after every change of the chain's state; returns the function that stops it. */
export function watchVmSaves(): () => void {
  return useChain.subscribe((now, before) => {
    if (now.state !== before.state) void checkVmSaves();
  });
}

import { useWorkspaces } from '../state/workspaces';

/**
 * A second tab on a workspace is read-only (the first one writes it): the worker refuses its messages,
 * so the forms that send one are disabled with this reason; reads (view functions, implicit calls) and
 * gas estimates still work.
 */
export const READ_ONLY_REASON = 'Read-only: another tab is writing this workspace';

/** The tooltip of a disabled write control: the reason and what to do about it. */
export const READ_ONLY_TITLE = `${READ_ONLY_REASON}. Take over when that tab closes, or duplicate the workspace.`;

/** The tooltip when this tab may not send messages, null when it may. */
export function useWriteBlocked(): string | null {
  return useWorkspaces((s) => s.readOnly) ? READ_ONLY_TITLE : null;
}

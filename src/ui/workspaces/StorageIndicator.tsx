import { useWorkspaces } from '../state/workspaces';

const mib = (bytes: number | undefined) =>
  bytes === undefined ? '?' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Whether the browser promised to keep this site's data, and how full its storage is. */
export function StorageIndicator() {
  const storage = useWorkspaces((s) => s.storage);
  if (!storage) return null;
  const label = !storage.supported
    ? 'storage: unsupported'
    : storage.persisted
      ? 'storage: persistent'
      : 'storage: may be evicted';
  const tip = !storage.supported
    ? 'This browser offers no persistent storage: it may clear saved workspaces when space runs low. Export backups.'
    : storage.persisted
      ? 'The browser granted persistent storage: it will not clear your workspaces to free space (clearing site data still does).'
      : 'Persistent storage was not granted (browsers decide by use): saved workspaces may be cleared when space runs low. Export backups of work you need.';
  return (
    <span
      className={`storage-indicator${storage.persisted ? ' ok' : ''}`}
      title={`${tip}\nUsed ${mib(storage.usage)} of ${mib(storage.quota)}.`}
      data-testid="storage-indicator"
    >
      {label} · {mib(storage.usage)} / {mib(storage.quota)}
    </span>
  );
}

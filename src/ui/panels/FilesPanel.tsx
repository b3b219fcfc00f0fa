import type { WorkspaceFile } from '../state/exampleWorkspace';

export interface FilesPanelProps {
  files: WorkspaceFile[];
  activePath: string;
  onOpen(path: string): void;
}

export function FilesPanel({ files, activePath, onOpen }: FilesPanelProps) {
  return (
    <section className="panel" aria-label="Files">
      <header className="panel-title">Files</header>
      <ul className="file-list">
        {files.map((file) => (
          <li key={file.path}>
            <button
              type="button"
              className={file.path === activePath ? 'file active' : 'file'}
              onClick={() => onOpen(file.path)}
            >
              {file.path}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useWorkspaces } from '../state/workspaces';
import { ShareDialog } from './ShareDialog';
import { useShare } from './shareStore';

/**
 * Looks like a share link (`#v<N>/…`, docs/storage.md); the worker's decoder decides whether it is one.
 * Other fragments are left alone.
 */
export const looksLikeShareLink = (hash: string): boolean => /^#v\d{1,6}\//.test(hash);

/**
 * Mounted once by the layout: opens a share link found in the URL fragment (on load, once the workspaces
 * are ready, and on `hashchange`), takes export files dropped on the page, and shows the share dialog.
 */
export function ShareHost() {
  const ready = useWorkspaces((s) => s.phase === 'ready');
  const [hash, setHash] = useState(() => window.location.hash);
  const dragging = useFileDrop(importDropped);

  useEffect(() => {
    const onHashChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  useEffect(() => {
    if (!ready || !looksLikeShareLink(hash)) return;
    // Handled once: opening clears the fragment, and the workspace switch makes `ready` flip again.
    setHash('');
    void useShare.getState().openLink(hash);
  }, [ready, hash]);

  return (
    <>
      {dragging && (
        <div className="share-drop" data-testid="share-drop">
          Drop an exported .fvmws.car file to import it as a new workspace
        </div>
      )}
      <ShareDialog />
    </>
  );
}

const importDropped = (file: File) => void useShare.getState().importFile(file);

/** Files dragged onto the page (not text dragged inside the editor): calls `onFile` with the dropped one. */
function useFileDrop(onFile: (file: File) => void): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file) onFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onFile]);
  return dragging;
}

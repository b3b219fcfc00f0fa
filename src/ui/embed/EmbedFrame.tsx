import type { ReactNode } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { playgroundUrl } from './embedMode';

/**
 * The embed layout: the editor beside the run panel, nothing else (no files, output views or top bar), and
 * a small link to open the same workspace in the full playground.
 */
export function EmbedFrame({ editor, run }: { editor: ReactNode; run: ReactNode }) {
  return (
    <div className="embed" data-testid="embed-frame">
      <div className="embed-bar">
        <span className="brand">FVM Playground</span>
        <a
          className="embed-open"
          href={playgroundUrl()}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="embed-open"
          onClick={(event) => {
            // The href was computed at render; the fragment may have changed since (a link opened).
            event.currentTarget.href = playgroundUrl();
          }}
        >
          Open in playground ↗
        </a>
      </div>
      <Group orientation="horizontal" className="embed-main">
        <Panel id="embed-editor" defaultSize="64" minSize="30">
          {editor}
        </Panel>
        <Separator className="resize-handle" />
        <Panel id="embed-run" defaultSize="36" minSize="20">
          {run}
        </Panel>
      </Group>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useShare } from './shareStore';
import { reproduced, verdictText } from './verdict';

/**
 * The share, open-link, export and import dialog. Whatever came from a link or a file (workspace names,
 * error messages quoting it) is rendered as React text, never as HTML.
 */
export function ShareDialog() {
  const dialog = useShare((s) => s.dialog);
  const close = useShare((s) => s.close);
  const closable = dialog.kind !== 'busy' && dialog.kind !== 'closed';
  useEffect(() => {
    if (!closable) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closable, close]);
  if (dialog.kind === 'closed') return null;

  let title: string;
  let body: React.ReactNode;
  switch (dialog.kind) {
    case 'busy':
      title = dialog.title;
      body = (
        <p className="share-stage" aria-live="polite">
          {dialog.stage}
        </p>
      );
      break;
    case 'link':
      title = 'Share this workspace';
      body = <LinkBody url={dialog.url} link={dialog.link} />;
      break;
    case 'too-large':
      title = 'Too large for a link';
      body = (
        <>
          <p>{dialog.message}</p>
          <p className="dim">An export file carries the whole workspace and chain; open it with Import.</p>
          <button
            type="button"
            className="share-primary"
            onClick={() => void useShare.getState().exportCurrent()}
            data-testid="share-export-instead"
          >
            Export a file instead
          </button>
        </>
      );
      break;
    case 'opened': {
      const { result } = dialog;
      const ok = reproduced(result);
      title = ok ? 'Shared workspace opened' : 'Shared workspace opened, but it differs';
      body = (
        <>
          <p>
            Opened as a new workspace <strong data-testid="share-workspace-name">{result.name}</strong>; your
            other workspaces are unchanged.
          </p>
          <p className={ok ? 'share-ok' : 'share-bad'} data-testid="share-verdict">
            {verdictText(result)}
          </p>
          <dl className="share-facts">
            <dt>State root</dt>
            <dd data-testid="share-state-root">{result.stateRoot}</dd>
            {result.expectedStateRoot !== null && result.expectedStateRoot !== result.stateRoot && (
              <>
                <dt>Link expected</dt>
                <dd>{result.expectedStateRoot}</dd>
              </>
            )}
            <dt>Receipts</dt>
            <dd data-testid="share-receipts">
              {result.receipts.map((r) => `#${r.index} exit ${r.exitCode} gas ${r.gasUsed}`).join(' · ') ||
                'none'}
            </dd>
          </dl>
        </>
      );
      break;
    }
    case 'imported':
      title = 'Workspace imported';
      body = (
        <p>
          Imported as <strong>{dialog.result.name}</strong>: {dialog.result.messages} message
          {dialog.result.messages === 1 ? '' : 's'}, state root <code>{dialog.result.stateRoot}</code>.
        </p>
      );
      break;
    case 'error':
      title = dialog.title;
      body = (
        <>
          <p className="share-bad" data-testid="share-error">
            {dialog.message}
          </p>
          <p className="dim">Nothing was changed: your workspaces are as they were.</p>
        </>
      );
      break;
  }

  return (
    <div className="palette-backdrop share-backdrop">
      {closable && <button type="button" className="palette-dismiss" aria-label="Close" onClick={close} />}
      <div
        className="share-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="share-dialog"
      >
        <header className="share-header">
          <h2>{title}</h2>
          {closable && (
            <button type="button" className="link-button" onClick={close}>
              Close
            </button>
          )}
        </header>
        {body}
      </div>
    </div>
  );
}

function LinkBody({
  url,
  link,
}: {
  url: string;
  link: {
    length: number;
    long: boolean;
    softLimit: number;
    maxLength: number;
    messages: number;
    steps: number;
  };
}) {
  const input = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      // No clipboard permission (an iframe, an old browser): select the text for Ctrl+C.
      input.current?.select();
      setCopied('failed');
    }
  };
  return (
    <>
      <p>
        Anyone who opens this link gets a copy of the files and compiler settings, and replays your{' '}
        {link.messages} message{link.messages === 1 ? '' : 's'} to the same state.
      </p>
      <textarea
        ref={input}
        className="share-url"
        readOnly
        value={url}
        rows={4}
        onFocus={(e) => e.currentTarget.select()}
        data-testid="share-url"
      />
      <div className="share-row">
        <button type="button" className="share-primary" onClick={() => void copy()} data-testid="share-copy">
          {copied === 'yes' ? 'Copied' : 'Copy link'}
        </button>
        <span className="dim" data-testid="share-length">
          {link.length.toLocaleString('en-US')} characters (link part), {link.steps} steps
        </span>
      </div>
      {copied === 'failed' && (
        <p className="dim">The clipboard is not available here: press Ctrl+C to copy.</p>
      )}
      {link.long && (
        <p className="share-warn" data-testid="share-long">
          Longer than {link.softLimit.toLocaleString('en-US')} characters: some chat apps cut such links.
          Export a file if it does not arrive whole.
        </p>
      )}
    </>
  );
}

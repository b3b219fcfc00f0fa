import { useVirtualizer } from '@tanstack/react-virtual';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { vmSession } from '../../worker-vm/client';
import type { NavigateAction, StepDetail, StepRow } from '../../worker-vm/session/views';
import { gasText } from '../format';
import { selectedKey, useChain } from '../state/chain';
import { useDebugger } from '../state/debugger';
import { useEditorCursor } from '../state/editorCursor';
import { NONE } from '../state/none';
import { useWorkspace } from '../state/workspace';
import { SyscallTraceView } from './SyscallTraceView';

const ROW_HEIGHT = 20;
const PAGE = 256;
/** Rows one scroll window holds: browsers cap an element's height, so longer traces are windowed. */
export const WINDOW_ROWS = 1_000_000;

/**
 * The step debugger for the selected message: every EVM step of every contract it ran, in execution
 * order. Steps come from the worker a page at a time into a virtualized list, so a trace of millions of
 * steps costs the page only what is on screen.
 */
export function DebuggerView() {
  const message = useChain((s) => s.selectedMessage);
  const key = useChain(selectedKey);
  const debug = useDebugger();

  useEffect(() => {
    if (message !== null && key !== null) void useDebugger.getState().open(message, key);
  }, [message, key]);

  useSourceFollowing(debug.detail, debug.message);

  if (message === null) return <p className="dim pad">Select a message in the Transactions tab.</p>;
  if (debug.loading || debug.key !== key)
    return (
      <p className="dim pad" data-testid="debugger-loading" aria-busy="true">
        Loading the trace of message #{message}: the worker replays it with step tracing…
      </p>
    );
  if (debug.error && !debug.info) return <p className="field-error pad">{debug.error}</p>;
  const info = debug.info;
  if (!info) return null;
  // No EVM steps: a Wasm actor's message shows its syscalls instead (or says it ran neither).
  if (info.totalSteps === 0) return <SyscallTraceView message={message} messageKey={key ?? ''} />;
  return (
    <div className="debugger" data-testid="debugger" data-total-steps={info.totalSteps}>
      <Toolbar />
      <div className="debugger-body">
        <StepList key={key} message={message} total={info.totalSteps} />
        <StepPanes detail={debug.detail} />
      </div>
    </div>
  );
}

/** Opens the file of the current step (a library file read-only) so the editor can highlight it. */
function useSourceFollowing(detail: StepDetail | null, message: number | null) {
  const path = detail?.location?.path;
  const file = detail?.location?.file;
  useEffect(() => {
    if (!path || file === undefined || message === null) return;
    const workspace = useWorkspace.getState();
    if (path in workspace.files) {
      if (workspace.activeFile !== path) workspace.open(path);
      return;
    }
    let live = true;
    void vmSession()
      .debugSource(message, file)
      .then((source) => live && useWorkspace.getState().openReadOnly(source.path, source.content));
    return () => {
      live = false;
    };
  }, [path, file, message]);
}

function Toolbar() {
  const { info, step, detail, navigate, go, loadMs } = useDebugger();
  const activeFile = useWorkspace((s) => s.activeFile);
  const cursorLine = useEditorCursor((s) => (s.path === activeFile ? s.line : 1));
  const [stepText, setStepText] = useState('');
  const [lineText, setLineText] = useState('');
  const [lineError, setLineError] = useState<string | null>(null);
  if (!info) return null;
  const button = (label: string, action: NavigateAction, title: string, key?: string) => (
    <button
      type="button"
      className="tool-button"
      title={key ? `${title} (${key})` : title}
      aria-label={title}
      onClick={() => void navigate(action)}
    >
      {label}
    </button>
  );
  const runToLine = async (line: number) => {
    if (!activeFile) return;
    const before = useDebugger.getState().step;
    await navigate({ kind: 'toLine', path: activeFile, line });
    const after = useDebugger.getState();
    const reached = after.detail?.location?.startLine === line && after.detail.location.path === activeFile;
    setLineError(
      reached || after.step !== before ? null : `no step of this message runs ${activeFile}:${line}`,
    );
  };
  const submitLine = (event: FormEvent) => {
    event.preventDefault();
    const line = Number(lineText);
    if (!Number.isInteger(line) || line < 1) {
      setLineError('a line number');
      return;
    }
    void runToLine(line);
  };
  const frame = detail ? info.frames[detail.frame] : undefined;
  return (
    <div className="debugger-toolbar" role="toolbar" aria-label="Debugger">
      {button('Start', { kind: 'start' }, 'Jump to start')}
      {button('Back', { kind: 'back' }, 'Step back')}
      {button('Into', { kind: 'into' }, 'Step into')}
      {button('Over', { kind: 'over' }, 'Step over')}
      {button('Out', { kind: 'out' }, 'Step out')}
      {button('Prev line', { kind: 'prevLine' }, 'Previous line')}
      {button('Next line', { kind: 'nextLine' }, 'Next line')}
      {button('End', { kind: 'end' }, 'Jump to end')}
      {info.revertStep !== null && button('Revert', { kind: 'revert' }, 'Jump to where the revert started')}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const target = Number(stepText.replace(/[,_]/g, ''));
          if (Number.isInteger(target)) void go(target);
        }}
      >
        <input
          aria-label="Go to step"
          placeholder="step"
          value={stepText}
          onChange={(e) => setStepText(e.target.value)}
        />
      </form>
      <form className="inline-form" onSubmit={submitLine}>
        <input
          aria-label="Line to run to"
          placeholder={`line in ${activeFile?.split('/').pop() ?? 'file'}`}
          value={lineText}
          onChange={(e) => {
            setLineText(e.target.value);
            setLineError(null);
          }}
          data-testid="run-to-line-input"
        />
        <button type="submit" className="tool-button" data-testid="run-to-line">
          Run to line
        </button>
        <button
          type="button"
          className="tool-button"
          title="Run to the editor's cursor line"
          onClick={() => void runToLine(cursorLine)}
        >
          to cursor
        </button>
      </form>
      {lineError && (
        <span className="field-error" role="alert">
          {lineError}
        </span>
      )}
      <span className="debugger-status" data-testid="debugger-status">
        step {step.toLocaleString('en-US')} / {(info.totalSteps - 1).toLocaleString('en-US')}
        {frame ? ` · ${frame.label}` : ''}
        {detail?.location ? ` · ${detail.location.path.split('/').pop()}:${detail.location.startLine}` : ''}
        {loadMs !== null ? ` · loaded in ${loadMs} ms (index ${info.indexMs} ms)` : ''}
      </span>
    </div>
  );
}

/** The steps, virtualized, fetched from the worker a page at a time. */
function StepList({ message, total }: { message: number; total: number }) {
  const step = useDebugger((s) => s.step);
  const go = useDebugger((s) => s.go);
  const files = useDebugger((s) => s.info?.files ?? NONE);
  const [windowStart, setWindowStart] = useState(0);
  const count = Math.min(total - windowStart, WINDOW_ROWS);
  const pages = useRef(new Map<number, StepRow[]>());
  const pending = useRef(new Set<number>());
  const [, setLoaded] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
  });

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || pending.current.has(page)) return;
      pending.current.add(page);
      void vmSession()
        .debugRows(message, page * PAGE, PAGE)
        .then((rows) => {
          pages.current.set(page, rows);
          // Keep memory bounded on long traces: forget pages far from here.
          if (pages.current.size > 400) {
            const first = pages.current.keys().next().value;
            if (first !== undefined) pages.current.delete(first);
          }
          setLoaded((n) => n + 1);
        })
        .finally(() => pending.current.delete(page));
    },
    [message],
  );

  // Keep the current step in the window, and in view.
  useEffect(() => {
    if (step < windowStart || step >= windowStart + WINDOW_ROWS) {
      setWindowStart(Math.max(0, Math.min(step - WINDOW_ROWS / 2, total - WINDOW_ROWS)));
      return;
    }
    virtual.scrollToIndex(step - windowStart, { align: 'auto' });
  }, [step, windowStart, total, virtual]);

  const items = virtual.getVirtualItems();
  useEffect(() => {
    if (items.length === 0) return;
    const first = Math.floor((windowStart + items[0]!.index) / PAGE);
    const last = Math.floor((windowStart + items[items.length - 1]!.index) / PAGE);
    for (let page = first; page <= last; page++) fetchPage(page);
  });

  return (
    <div className="step-list-wrap">
      {total > WINDOW_ROWS && (
        <div className="step-window dim">
          steps {windowStart.toLocaleString('en-US')}–{(windowStart + count - 1).toLocaleString('en-US')} of{' '}
          {total.toLocaleString('en-US')}
          <button
            type="button"
            className="link-button"
            disabled={windowStart === 0}
            onClick={() => void go(Math.max(0, windowStart - 1))}
          >
            earlier
          </button>
          <button
            type="button"
            className="link-button"
            disabled={windowStart + count >= total}
            onClick={() => void go(windowStart + count)}
          >
            later
          </button>
        </div>
      )}
      <div ref={scroller} className="step-list" data-testid="step-list" role="listbox" aria-label="Steps">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const index = windowStart + item.index;
            const row = pages.current.get(Math.floor(index / PAGE))?.[index % PAGE];
            const current = index === step;
            return (
              <div
                key={item.key}
                role="option"
                aria-selected={current}
                tabIndex={-1}
                className={`step-row${current ? ' current' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => void go(index)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void go(index);
                }}
                data-step={index}
              >
                <span className="step-index">{index}</span>
                {row ? (
                  <>
                    <span className="step-op" style={{ paddingLeft: row.depth * 10 }}>
                      {row.op}
                    </span>
                    <span className="dim step-pc">{row.pc}</span>
                    <span className="step-gas">{gasText(row.gas)}</span>
                    <span className="dim step-line">
                      {row.line > 0 ? `${files[row.file]?.path.split('/').pop()}:${row.line}` : ''}
                    </span>
                  </>
                ) : (
                  <span className="dim">…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function StepPanes({ detail }: { detail: StepDetail | null }) {
  const setMemoryOffset = useDebugger((s) => s.setMemoryOffset);
  if (!detail) return <div className="step-panes dim">…</div>;
  const memoryRows: string[] = [];
  for (let i = 0; i < detail.memory.hex.length; i += 64) memoryRows.push(detail.memory.hex.slice(i, i + 64));
  return (
    <div className="step-panes" data-testid="step-detail">
      <div className="step-summary">
        <strong>{detail.op}</strong> <span className="dim">pc {detail.pc}</span> · {gasText(detail.gas)} gas ·
        gas left {gasText(detail.gasAfter)}
        {detail.error && <span className="field-error"> · {detail.error}</span>}
        <div className="dim">
          {detail.frameLabel} · frame depth {detail.depth} · function depth {detail.functionDepth}
        </div>
        <div data-testid="step-location">
          {detail.location ? (
            <span className="mono">
              {detail.location.path}:{detail.location.startLine}
              {detail.inGeneratedCode ? ' (in compiler-generated code called from here)' : ''}
            </span>
          ) : (
            <span className="dim">no source for this code</span>
          )}
        </div>
      </div>
      <section aria-label="Stack">
        <h4>Stack ({detail.stack.length})</h4>
        <ol className="stack mono" start={0}>
          {detail.stack.map((word, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: stack positions
            <li key={i}>{word}</li>
          ))}
        </ol>
      </section>
      <section aria-label="Memory">
        <h4>
          Memory ({detail.memorySize} bytes)
          {detail.memorySize > 1024 && (
            <span className="pager">
              <button
                type="button"
                className="link-button"
                onClick={() => void setMemoryOffset(detail.memory.offset - 1024)}
              >
                ◀
              </button>
              {detail.memory.offset}
              <button
                type="button"
                className="link-button"
                onClick={() => void setMemoryOffset(detail.memory.offset + 1024)}
              >
                ▶
              </button>
            </span>
          )}
        </h4>
        <pre className="memory mono">
          {memoryRows
            .map((row, i) => `${(detail.memory.offset + i * 32).toString(16).padStart(4, '0')}  ${row}`)
            .join('\n')}
        </pre>
      </section>
      <section aria-label="Storage">
        <h4>Storage (this frame, up to this step)</h4>
        {detail.storage.length === 0 ? (
          <p className="dim">none read or written yet</p>
        ) : (
          <table className="storage-table mono">
            <tbody>
              {detail.storage.map((access) => (
                <tr key={`${access.kind}${access.slot}`}>
                  <td>{access.kind}</td>
                  <td title={access.slot}>{access.variable ?? access.slot}</td>
                  <td>{access.value}</td>
                  <td className="dim">{access.previous !== null ? `was ${access.previous}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

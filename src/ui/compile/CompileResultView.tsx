import type { CompileResult, ContractArtifact, Diagnostic } from '../../compiler/types';
import type { CompileStatus } from './compileStore';

export interface CompileResultViewProps {
  status: CompileStatus;
  result: CompileResult | undefined;
  durationMs: number | undefined;
  /** Called when a diagnostic with a place is clicked (to open the file there). */
  onSelectDiagnostic?(diagnostic: Diagnostic): void;
  /** Called when a contract is clicked (for deploy forms built on top). */
  onSelectContract?(contract: ContractArtifact): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function DiagnosticItem({
  diagnostic,
  onSelect,
}: {
  diagnostic: Diagnostic;
  onSelect?: (d: Diagnostic) => void;
}) {
  const where = diagnostic.location
    ? `${diagnostic.location.file}:${diagnostic.location.range.startLine}:${diagnostic.location.range.startColumn}`
    : undefined;
  const body = (
    <>
      <span className="diagnostic-head">
        <span className="diagnostic-severity">{diagnostic.severity}</span>
        {where && <span className="diagnostic-where">{where}</span>}
        <span className="compile-dim">
          {diagnostic.type}
          {diagnostic.code ? ` ${diagnostic.code}` : ''}
        </span>
      </span>
      <span className="diagnostic-message">{diagnostic.message}</span>
    </>
  );
  return (
    <li
      className={`diagnostic diagnostic-${diagnostic.severity}`}
      data-testid="diagnostic"
      data-severity={diagnostic.severity}
    >
      {where && onSelect ? (
        <button type="button" className="diagnostic-button" onClick={() => onSelect(diagnostic)}>
          {body}
        </button>
      ) : (
        body
      )}
    </li>
  );
}

/** What the last compile produced: a summary line, its problems, and the contracts it made. */
export function CompileResultView({
  status,
  result,
  durationMs,
  onSelectDiagnostic,
  onSelectContract,
}: CompileResultViewProps) {
  if (!result) {
    return (
      <div className="compile-result" data-testid="compile-result" data-status={status}>
        <p className="compile-dim">
          {status === 'compiling'
            ? 'Compiling…'
            : 'Not compiled yet. Press Ctrl+S (⌘S) in the editor or Compile.'}
        </p>
      </div>
    );
  }
  const own = result.diagnostics.filter((d) => !d.inLibrary);
  const inLibraries = result.diagnostics.filter((d) => d.inLibrary);
  const contracts = result.contracts.filter((c) => !c.fromLibrary);
  const libraryContracts = result.contracts.length - contracts.length;
  return (
    <div className="compile-result" data-testid="compile-result" data-status={status} data-ok={result.ok}>
      <p className={result.ok ? 'compile-ok' : 'compile-error'} data-testid="compile-summary">
        {status === 'compiling' ? 'Compiling… ' : ''}
        {result.ok ? `Compiled ${plural(contracts.length, 'contract')}` : 'Compilation failed'}
        {durationMs !== undefined && status !== 'compiling' ? ` in ${Math.round(durationMs)} ms` : ''}
      </p>
      <p className="compile-counts" data-testid="compile-counts">
        <span className={result.errorCount > 0 ? 'compile-error' : undefined}>
          {plural(result.errorCount, 'error')}
        </span>
        {' · '}
        <span className={result.warningCount > 0 ? 'compile-warning' : undefined}>
          {plural(result.warningCount, 'warning')}
        </span>
        {result.solcVersion ? (
          <span className="compile-dim"> · solc {result.solcVersion.replace(/\.Emscripten.*$/, '')}</span>
        ) : null}
      </p>
      {own.length > 0 && (
        <ul className="diagnostics" aria-label="Problems">
          {own.map((d, i) => (
            // Diagnostics have no identity of their own; their order is stable within one result.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <DiagnosticItem key={i} diagnostic={d} onSelect={onSelectDiagnostic} />
          ))}
        </ul>
      )}
      {inLibraries.length > 0 && (
        <details className="compile-details">
          <summary>{plural(inLibraries.length, 'problem')} in bundled libraries</summary>
          <ul className="diagnostics">
            {inLibraries.map((d, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: as above
              <DiagnosticItem key={i} diagnostic={d} />
            ))}
          </ul>
        </details>
      )}
      {contracts.length > 0 && (
        <ul className="contract-list" aria-label="Contracts" data-testid="contract-list">
          {contracts.map((c) => (
            <li key={c.id}>
              <button type="button" className="contract" title={c.id} onClick={() => onSelectContract?.(c)}>
                <span className="contract-name">{c.name}</span>
                <span className="compile-dim">
                  {c.kind} · {c.file} · {Math.max(0, (c.runtime.object.length - 2) / 2)} bytes
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {libraryContracts > 0 && (
        <p className="compile-dim">and {plural(libraryContracts, 'contract')} from bundled libraries</p>
      )}
    </div>
  );
}

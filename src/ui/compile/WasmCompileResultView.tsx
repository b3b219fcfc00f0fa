import type { Diagnostic } from '../../compiler/types';
import { DiagnosticItem } from './CompileResultView';
import { useWasmCompile } from './wasmCompileStore';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The last Wasm actor compile (WAT or AssemblyScript): summary, problems, the code CID it installs under. */
export function WasmCompileResultView({ onSelectDiagnostic }: { onSelectDiagnostic?(d: Diagnostic): void }) {
  const { status, result, lastDurationMs } = useWasmCompile();
  if (status === 'idle') return null;
  if (status === 'compiling' && !result)
    return (
      <p className="compile-dim" data-testid="wasm-compile-result" data-status="compiling">
        Compiling the actor to Wasm… (the first AssemblyScript compile loads its compiler)
      </p>
    );
  if (!result) return null;
  const diagnostics = result.diagnostics as unknown as Diagnostic[];
  return (
    <div
      className="compile-result"
      data-testid="wasm-compile-result"
      data-status={status}
      data-ok={result.ok}
    >
      <p className={result.ok ? 'compile-ok' : 'compile-error'} data-testid="wasm-compile-summary">
        {result.ok ? `Compiled ${result.entry} to Wasm` : `${result.entry} did not compile to an actor`}
        {lastDurationMs !== undefined && (
          <span className="compile-dim"> in {Math.round(lastDurationMs)} ms</span>
        )}
      </p>
      <p className="compile-counts">
        <span className={result.errorCount > 0 ? 'compile-error' : undefined}>
          {plural(result.errorCount, 'error')}
        </span>
        {' · '}
        <span className={result.warningCount > 0 ? 'compile-warning' : undefined}>
          {plural(result.warningCount, 'warning')}
        </span>
        <span className="compile-dim"> · {result.compilerVersion}</span>
      </p>
      {diagnostics.length > 0 && (
        <ul className="diagnostics" aria-label="Wasm problems">
          {diagnostics.map((d) => (
            <DiagnosticItem
              key={`${d.location?.file}:${d.location?.range.startLine}:${d.location?.range.startColumn}:${d.message}`}
              diagnostic={d}
              onSelect={onSelectDiagnostic}
            />
          ))}
        </ul>
      )}
      {result.ok && result.codeCid && (
        <p className="compile-dim mono" title={result.codeCid}>
          {result.wasm?.length.toLocaleString('en-US')} bytes · installs as …{result.codeCid.slice(-16)} (Wasm
          actor panel below)
        </p>
      )}
    </div>
  );
}

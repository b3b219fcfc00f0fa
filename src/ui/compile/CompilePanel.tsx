import type { ContractArtifact, Diagnostic } from '../../compiler/types';
import { useWorkerStatus } from '../state/workerStatus';
import { CompileResultView } from './CompileResultView';
import { CompilerSettingsForm } from './CompilerSettingsForm';
import { useCompileStore } from './compileStore';
import { WasmCompileResultView } from './WasmCompileResultView';
import { useWasmCompile } from './wasmCompileStore';
import './compile.css';

export interface CompilePanelProps {
  /** Compiles the workspace (the IDE knows the files). */
  onCompile(): void;
  onSelectDiagnostic?(diagnostic: Diagnostic): void;
  onSelectContract?(contract: ContractArtifact): void;
}

/** The compiler section of the run panel: settings, a Compile button, and the last result. */
export function CompilePanel({ onCompile, onSelectDiagnostic, onSelectContract }: CompilePanelProps) {
  const store = useCompileStore();
  const wasmCompiling = useWasmCompile((s) => s.status === 'compiling');
  const compiling = store.status === 'compiling' || wasmCompiling;
  const compilerStatus = useWorkerStatus((s) => s.compiler);
  const bundledVersion =
    compilerStatus.status === 'ready' ? compilerStatus.detail.replace(/^solc /, '') : undefined;
  return (
    <section className="compile-panel" aria-label="Compiler">
      <div className="compile-header">
        <h3 className="section-title">Compiler</h3>
        <button
          type="button"
          className="compile-button"
          onClick={onCompile}
          disabled={compiling}
          data-testid="compile-button"
          title="Compiles the open .wat or AssemblyScript file to Wasm, anything else with solc"
        >
          {compiling ? 'Compiling…' : 'Compile'}
        </button>
      </div>
      <CompilerSettingsForm
        settings={store.settings}
        onSettingsChange={store.setSettings}
        version={store.version}
        bundledVersion={bundledVersion}
        versions={store.versions}
        onVersionChange={(version) => void store.chooseVersion(version)}
        onLoadVersions={() => void store.loadVersions()}
        versionNote={store.versionNote}
        autoCompile={store.autoCompile}
        onAutoCompileChange={store.setAutoCompile}
      />
      <CompileResultView
        status={store.status}
        result={store.result}
        durationMs={store.lastDurationMs}
        onSelectDiagnostic={onSelectDiagnostic}
        onSelectContract={onSelectContract}
      />
      <WasmCompileResultView onSelectDiagnostic={onSelectDiagnostic} />
    </section>
  );
}

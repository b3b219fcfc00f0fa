import { type ChangeEvent, type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { vmSession } from '../../worker-vm/client';
import type { WasmCodeView, WasmOverview, WasmReadView } from '../../worker-vm/session/wasm/wasmViews';
import { useWasmCompile } from '../compile/wasmCompileStore';
import { filText } from '../format';
import { Field } from '../run/Field';
import { FormFooter, showSent, WriteButton, workerFieldErrors } from '../run/formParts';
import { useWriteBlocked } from '../run/readOnly';
import { sendTx } from '../run/send';
import { checkAddress } from '../run/validate';
import { useChain } from '../state/chain';
import { BundleControl } from './BundleControl';
import { type PendingModule, useWasmPanel } from './wasmStore';
import './wasm.css';

type Errors = Record<string, string>;
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** JSON params checked here first, so a typo is shown at once and nothing is sent. */
function jsonProblem(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `not JSON: ${describe(error)}`;
  }
}

/**
 * Wasm actors (issue 8): the module compiled in the editor or loaded from a `.wasm` file, its imports and
 * exports, install, create (Init Exec with JSON constructor params), the actors created, and an invoke
 * form (method number, JSON params; value and gas limit from the transaction settings) sending real
 * messages or read-only implicit ones. A lazy chunk of the run panel.
 */
export default function WasmSection() {
  const panel = useWasmPanel();
  useEffect(() => {
    void useWasmPanel
      .getState()
      .refresh()
      .catch(() => {});
  }, []);
  return (
    <section className="run-section wasm-section" aria-label="Wasm actors" data-testid="wasm-section">
      <h3 className="section-title">Wasm actors</h3>
      <ModuleCard />
      {panel.busy && <p className="dim">{panel.busy}</p>}
      <CreateForm />
      <ActorList />
      <InvokeForm />
      <BundleControl />
    </section>
  );
}

function ModuleCard() {
  const compiled = useWasmCompile((s) => s.result);
  const { installed, installError, install } = useWasmPanel();
  const blocked = useWriteBlocked();
  const [file, setFile] = useState<PendingModule | undefined>();
  const inputId = useId();
  const fromCompile: PendingModule | undefined =
    compiled?.ok && compiled.wasm
      ? { name: compiled.entry, bytes: compiled.wasm, source: 'compile' }
      : undefined;

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    event.target.value = '';
    if (!picked) return;
    const module: PendingModule = {
      name: picked.name,
      bytes: new Uint8Array(await picked.arrayBuffer()),
      source: 'file',
    };
    setFile(module);
    // A loaded file is installed at once: the install checks are what says whether it is an actor.
    await install(module);
  };

  return (
    <div className="mini-form" data-testid="wasm-module">
      <h4>Module</h4>
      {fromCompile ? (
        <p>
          <span className="mono">{fromCompile.name}</span>{' '}
          <span className="dim">
            compiled · {fromCompile.bytes.length.toLocaleString('en-US')} bytes · {compiled?.compilerVersion}
          </span>{' '}
          <button
            type="button"
            className="small-button"
            data-testid="wasm-install"
            disabled={blocked !== null}
            title={blocked ?? undefined}
            onClick={() => void install(fromCompile)}
          >
            Install
          </button>
        </p>
      ) : (
        <p className="dim">Compile a .wat or AssemblyScript (.ts) file (Ctrl+S), or load a .wasm file.</p>
      )}
      {compiled?.ok && compiled.module && !installed && (
        <ImportsExports
          imports={compiled.module.imports}
          exports={compiled.module.exports.map((e) => ({ name: e.name, kind: String(e.kind), type: e.type }))}
        />
      )}
      <label
        htmlFor={inputId}
        className="small-button file-button"
        aria-disabled={blocked !== null}
        title={blocked ?? undefined}
      >
        Load .wasm…
      </label>
      <input
        id={inputId}
        type="file"
        accept=".wasm,application/wasm"
        className="visually-hidden"
        disabled={blocked !== null}
        data-testid="wasm-file"
        onChange={(e) => void onFile(e)}
      />
      {file && <span className="dim"> {file.name}</span>}
      {installError && (
        <div className="field-error" role="alert" data-testid="wasm-install-error">
          {installError}
        </div>
      )}
      {installed && <InstalledCode view={installed} />}
    </div>
  );
}

function ImportsExports({
  imports,
  exports,
}: {
  imports: readonly { module: string; name: string; type: string }[];
  exports: readonly { name: string; kind: string; type: string }[];
}) {
  return (
    <details className="wasm-interface" data-testid="wasm-interface">
      <summary>
        {imports.length} imports · {exports.length} exports
      </summary>
      <ul className="wasm-list mono">
        {exports.map((e) => (
          <li key={`e:${e.name}`}>
            <span className="wasm-tag">export</span> {e.name} <span className="dim">{e.type}</span>
          </li>
        ))}
        {imports.map((i) => (
          <li key={`i:${i.module}.${i.name}`}>
            <span className="wasm-tag">import</span> {i.module}.{i.name} <span className="dim">{i.type}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function InstalledCode({ view }: { view: WasmCodeView }) {
  return (
    <div className="call-result ok" data-testid="wasm-installed">
      Installed {view.name ?? 'module'} · {view.size.toLocaleString('en-US')} bytes
      <div className="mono wasm-cid" title={view.code}>
        {view.code}
      </div>
      {view.warnings.map((warning) => (
        <div key={warning} className="compile-warning">
          {warning}
        </div>
      ))}
      <ImportsExports imports={view.imports} exports={view.exports} />
    </div>
  );
}

// Stable empty lists: a selector that returned a fresh [] would change on every render (an endless loop).
const NO_CODES: WasmOverview['codes'] = [];
const NO_ACTORS: WasmOverview['actors'] = [];

function CreateForm() {
  const codes = useWasmPanel((s) => s.overview?.codes ?? NO_CODES);
  const installed = useWasmPanel((s) => s.installed);
  const [code, setCode] = useState('');
  const [params, setParams] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [result, setResult] = useState<ReactNode>(null);
  const id = useId();
  const chosen = code || installed?.code || codes[0]?.code || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = jsonProblem(params);
    setErrors(problem ? { params: problem } : {});
    if (problem || !chosen) return;
    try {
      const name = codes.find((c) => c.code === chosen)?.name ?? 'actor';
      const outcome = await sendTx(
        (common) => ({ ...common, kind: 'wasmCreate', code: chosen, ...(params.trim() ? { params } : {}) }),
        `create ${name}`,
      );
      showSent(outcome, setErrors, setResult);
    } catch (error) {
      setErrors(workerFieldErrors(error, 'params'));
    }
  };

  return (
    <form className="mini-form" noValidate onSubmit={submit} data-testid="wasm-create">
      <h4>Create an actor (Init Exec)</h4>
      <div className="field">
        <label htmlFor={id} className="field-label">
          Code
        </label>
        <select id={id} value={chosen} onChange={(e) => setCode(e.target.value)} data-testid="wasm-code">
          {codes.length === 0 && <option value="">(install a module first)</option>}
          {codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name ?? c.bundleActor ?? 'module'} · …{c.code.slice(-10)}
            </option>
          ))}
        </select>
        {errors.code && <div className="field-error">{errors.code}</div>}
      </div>
      <Field
        label="Constructor params (JSON)"
        placeholder='(none) · e.g. {"name": "Token", "supply": 1000}'
        value={params}
        onChange={setParams}
        error={errors.params}
        testId="wasm-create-params"
      />
      <WriteButton testId="wasm-create-button" disabled={!chosen}>
        Create
      </WriteButton>
      <FormFooter error={errors.form} result={result} />
    </form>
  );
}

function ActorList() {
  const actors = useWasmPanel((s) => s.overview?.actors ?? NO_ACTORS);
  if (actors.length === 0) return null;
  return (
    <div className="mini-form">
      <h4>Actors</h4>
      <ul className="wasm-list" data-testid="wasm-actors">
        {actors.map((actor) => (
          <li key={actor.id} data-testid="wasm-actor" data-id={actor.id}>
            <button
              type="button"
              className="link-button mono"
              title="Invoke this actor"
              onClick={() => useInvokeTarget.set(actor.id)}
            >
              {actor.id}
            </button>{' '}
            <span className="mono dim" title={actor.robust ?? ''}>
              {actor.robust ? `${actor.robust.slice(0, 14)}…` : ''}
            </span>{' '}
            {actor.codeName ?? 'module'} · {filText(actor.balance)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The actor the invoke form targets, set by clicking an actor in the list. */
const useInvokeTarget = (() => {
  let listener: ((to: string) => void) | undefined;
  return {
    set: (to: string) => listener?.(to),
    subscribe: (fn: (to: string) => void) => {
      listener = fn;
      return () => {
        if (listener === fn) listener = undefined;
      };
    },
  };
})();

function InvokeForm() {
  const actors = useWasmPanel((s) => s.overview?.actors ?? NO_ACTORS);
  const [to, setTo] = useState('');
  const [method, setMethod] = useState('2');
  const [params, setParams] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [result, setResult] = useState<ReactNode>(null);
  useEffect(() => useInvokeTarget.subscribe(setTo), []);
  const target = to || actors.at(-1)?.id || '';

  const run = async (readOnly: boolean) => {
    const next: Errors = {};
    const addressProblem = checkAddress(target);
    if (addressProblem) next.to = addressProblem;
    if (!/^\d+$/.test(method.trim())) next.method = 'a method number is a whole number';
    const paramsProblem = jsonProblem(params);
    if (paramsProblem) next.params = paramsProblem;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const request = { to: target, method: Number(method.trim()), ...(params.trim() ? { params } : {}) };
    try {
      if (readOnly) {
        const from = useChain.getState().sender ?? undefined;
        const view = await vmSession().readWasm({ ...request, ...(from ? { from } : {}) });
        setResult(<WasmReadOutcome view={view} />);
        return;
      }
      const outcome = await sendTx(
        (common) => ({ ...common, kind: 'wasmInvoke', ...request }),
        `${target} method ${request.method}`,
      );
      showSent(outcome, setErrors, setResult);
    } catch (error) {
      setErrors(workerFieldErrors(error, 'params'));
    }
  };

  return (
    <form
      className="mini-form"
      noValidate
      data-testid="wasm-invoke"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void run(false);
      }}
    >
      <h4>Invoke (value and gas limit from the settings above)</h4>
      <Field
        label="Actor"
        placeholder="f0… / f2…"
        value={target}
        onChange={setTo}
        error={errors.to}
        testId="wasm-to"
      />
      <Field
        label="Method number"
        value={method}
        onChange={setMethod}
        error={errors.method}
        testId="wasm-method"
      />
      <Field
        label="Params (JSON)"
        hint='{"$address": "f0101"}, {"$bigint": "5"}, {"$hex": "0x…"}'
        placeholder="(none)"
        value={params}
        onChange={setParams}
        error={errors.params}
        testId="wasm-params"
      />
      <div className="field-row">
        <WriteButton testId="wasm-send">Send</WriteButton>
        <button type="button" className="small-button" data-testid="wasm-read" onClick={() => void run(true)}>
          Read (implicit)
        </button>
      </div>
      <FormFooter error={errors.form} result={result} />
    </form>
  );
}

function WasmReadOutcome({ view }: { view: WasmReadView }) {
  const ok = view.exitCode === 0;
  return (
    <div className={`call-result ${ok ? 'ok' : 'bad'}`} data-testid="wasm-read-result">
      {ok ? (
        <span className="mono">{view.returned ?? '(no return value)'}</span>
      ) : (
        <span>
          {view.exitName}: {view.exitText}
        </span>
      )}
      <span className="dim">
        {' '}
        · {view.gasUsed.toLocaleString('en-US')} gas (implicit message, nothing sent)
      </span>
      {view.logs.map((line) => (
        <div key={line} className="dim mono">
          {line}
        </div>
      ))}
    </div>
  );
}

import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { vmSession } from '../../worker-vm/client';
import { fetchBundle } from '../../worker-vm/wasm/bundle/fetchBundle';
import { Field } from '../run/Field';
import { useWriteBlocked } from '../run/readOnly';
import { useConsole } from '../state/consoleLog';
import { useWasmPanel } from './wasmStore';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Loads a builtin-actors bundle CAR (spec 7.9) from a file or a URL the user types (fetched only when they
 * press Load: the app never fetches one by itself) and shows which built-in actors now run from its Wasm.
 */
export function BundleControl() {
  const bundle = useWasmPanel((s) => s.overview?.bundle ?? null);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  // A bundle is saved with the workspace: only the tab that writes it may load one.
  const blocked = useWriteBlocked();

  const load = async (name: string, bytes: () => Promise<Uint8Array>) => {
    setBusy(true);
    setError(undefined);
    try {
      const view = await vmSession().loadBundle(await bytes());
      const replaced = view.actors.filter((a) => a.replaces !== null).map((a) => a.name);
      useConsole
        .getState()
        .log('info', `Bundle ${name} loaded: ${replaced.join(', ') || 'no actor'} replaced`);
      await useWasmPanel.getState().refresh();
    } catch (problem) {
      setError(describe(problem));
      useConsole.getState().log('error', `Bundle ${name} refused: ${describe(problem)}`);
    } finally {
      setBusy(false);
    }
  };

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void load(file.name, async () => new Uint8Array(await file.arrayBuffer()));
  };

  const onUrl = (event: FormEvent) => {
    event.preventDefault();
    const text = url.trim();
    if (!/^https?:\/\//.test(text)) {
      setError('a bundle URL starts with https:// or http://');
      return;
    }
    void load(text, () => fetchBundle(text));
  };

  return (
    <form className="mini-form" noValidate onSubmit={onUrl} data-testid="bundle-control">
      <h4>Actor bundle</h4>
      <p className="dim small">
        A builtin-actors bundle (.car) runs its Wasm actors in place of the native ones, by name. It is saved
        with the workspace and travels in exports; share links leave it out (whoever opens one loads it).
      </p>
      <label
        htmlFor={inputId}
        className="small-button file-button"
        title={blocked ?? undefined}
        aria-disabled={blocked !== null}
      >
        Load bundle file…
      </label>
      <input
        id={inputId}
        type="file"
        accept=".car,application/vnd.ipld.car"
        className="visually-hidden"
        data-testid="bundle-file"
        disabled={blocked !== null}
        onChange={onFile}
      />
      <Field label="or from a URL" placeholder="https://…/builtin-actors.car" value={url} onChange={setUrl} />
      <button
        type="submit"
        className="small-button"
        disabled={busy || blocked !== null}
        title={blocked ?? undefined}
      >
        {busy ? 'Loading…' : 'Load from URL'}
      </button>
      {error && (
        <div className="field-error" role="alert" data-testid="bundle-error">
          {error}
        </div>
      )}
      {bundle && (
        <table className="wasm-bundle" data-testid="bundle-actors">
          <tbody>
            {bundle.actors.map((actor) => (
              <tr key={actor.code} data-testid="bundle-actor" data-name={actor.name}>
                <td>{actor.name}</td>
                <td className="mono dim" title={actor.code}>
                  …{actor.code.slice(-12)}
                </td>
                <td>
                  {actor.replaces ? 'replaces the native actor' : 'not in this network’s manifest (unused)'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}

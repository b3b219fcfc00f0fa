import { useId } from 'react';
import { EVM_VERSIONS } from '../../compiler/settings';
import { releaseOf, SHIPPED_RELEASES } from '../../compiler/solc/shippedReleases';
import type { CompilerSettings } from '../../compiler/types';
import type { VersionsState } from './compileStore';

export interface CompilerSettingsFormProps {
  settings: CompilerSettings;
  onSettingsChange(settings: CompilerSettings): void;
  /** 'bundled' or a release's long version. */
  version: string;
  /** The bundled solc's version, once the worker has reported it. */
  bundledVersion: string | undefined;
  versions: VersionsState;
  onVersionChange(version: string): void;
  /** Asks for the release list (needs the network); never done unasked. */
  onLoadVersions(): void;
  versionNote: { kind: 'busy' | 'error'; text: string } | undefined;
  autoCompile: boolean;
  onAutoCompileChange(on: boolean): void;
}

/** Compiler settings: version, optimizer and runs, EVM version, via-IR, remappings, auto-compile. */
export function CompilerSettingsForm(props: CompilerSettingsFormProps) {
  const { settings, onSettingsChange, versions } = props;
  const id = useId();
  const update = (patch: Partial<CompilerSettings>) => onSettingsChange({ ...settings, ...patch });

  const listing = versions.status === 'loaded' ? versions.listing : undefined;
  // Shipped releases are offline like the default; they are not listed again as cached or downloadable.
  const cached = new Set([...(listing?.cached ?? []), ...SHIPPED_RELEASES]);
  const options: { value: string; label: string }[] = [
    {
      value: 'bundled',
      label: `${releaseOf(props.bundledVersion) ?? 'Bundled'} — bundled (${SHIPPED_RELEASES.map(releaseOf).join(', ')} when a pragma requires it)`,
    },
    ...SHIPPED_RELEASES.map((longVersion) => ({
      value: longVersion,
      label: `${releaseOf(longVersion)} — bundled`,
    })),
  ];
  for (const longVersion of listing?.cached ?? [])
    if (!SHIPPED_RELEASES.includes(longVersion))
      options.push({ value: longVersion, label: `${longVersion} — cached` });
  for (const release of listing?.releases ?? []) {
    if (!cached.has(release.longVersion))
      options.push({ value: release.longVersion, label: release.longVersion });
  }
  // A remembered choice stays selectable before the list is loaded.
  if (!options.some((o) => o.value === props.version))
    options.push({ value: props.version, label: props.version });

  return (
    <div className="compile-settings">
      <label className="compile-row" htmlFor={`${id}-version`}>
        <span>Compiler</span>
        <select
          id={`${id}-version`}
          value={props.version}
          onChange={(event) => props.onVersionChange(event.target.value)}
          title="Bundled compilers work offline. With the default, a compile whose version pragmas it refuses runs again with a bundled release that accepts them."
          data-testid="compiler-version"
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <div className="compile-note">
        {versions.status === 'unloaded' && (
          <button type="button" className="link-button" onClick={props.onLoadVersions}>
            Show other versions (downloads the release list)
          </button>
        )}
        {versions.status === 'loading' && <span>Loading the release list…</span>}
        {listing?.listError && (
          <span className="compile-warning" data-testid="versions-offline">
            Other releases are unavailable: {listing.listError}. The bundled and cached compilers work
            offline.
          </span>
        )}
        {props.versionNote && (
          <span
            className={props.versionNote.kind === 'error' ? 'compile-error' : undefined}
            data-testid="version-note"
          >
            {props.versionNote.text}
          </span>
        )}
      </div>

      <label className="compile-row" htmlFor={`${id}-optimizer`}>
        <span>Optimizer</span>
        <input
          id={`${id}-optimizer`}
          type="checkbox"
          checked={settings.optimizer.enabled}
          onChange={(event) =>
            update({ optimizer: { ...settings.optimizer, enabled: event.target.checked } })
          }
        />
        <input
          aria-label="Optimizer runs"
          type="number"
          min={0}
          max={4294967295}
          step={1}
          value={settings.optimizer.runs}
          disabled={!settings.optimizer.enabled}
          onChange={(event) => {
            const runs = Number(event.target.value);
            if (Number.isInteger(runs) && runs >= 0) update({ optimizer: { ...settings.optimizer, runs } });
          }}
          className="compile-runs"
        />
        <span className="compile-dim">runs</span>
      </label>

      <label className="compile-row" htmlFor={`${id}-evm`}>
        <span>EVM version</span>
        <select
          id={`${id}-evm`}
          value={settings.evmVersion ?? ''}
          onChange={(event) => update({ evmVersion: event.target.value || undefined })}
        >
          <option value="">Compiler default</option>
          {[...EVM_VERSIONS].reverse().map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>

      <label className="compile-row" htmlFor={`${id}-viair`}>
        <span>via-IR</span>
        <input
          id={`${id}-viair`}
          type="checkbox"
          checked={settings.viaIR}
          onChange={(event) => update({ viaIR: event.target.checked })}
        />
      </label>

      <label className="compile-column" htmlFor={`${id}-remappings`}>
        <span>Remappings (one per line, [context:]prefix=target)</span>
        <textarea
          id={`${id}-remappings`}
          rows={2}
          spellCheck={false}
          placeholder="@oz/=@openzeppelin/contracts/"
          defaultValue={settings.remappings.join('\n')}
          onBlur={(event) =>
            update({
              remappings: event.target.value
                .split('\n')
                .map((r) => r.trim())
                .filter(Boolean),
            })
          }
        />
      </label>

      <label className="compile-row" htmlFor={`${id}-auto`}>
        <span>Auto-compile</span>
        <input
          id={`${id}-auto`}
          type="checkbox"
          checked={props.autoCompile}
          onChange={(event) => props.onAutoCompileChange(event.target.checked)}
          data-testid="auto-compile"
        />
        <span className="compile-dim">when typing pauses</span>
      </label>
    </div>
  );
}

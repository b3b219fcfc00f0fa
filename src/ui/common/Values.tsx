import type { AddressForms, DecodedValue } from '../../worker-vm/session/views';

/** Decoded ABI values as a small tree: `name (type) = text`, arrays and tuples nested. */
export function DecodedValues({ values, testId }: { values: readonly DecodedValue[]; testId?: string }) {
  if (values.length === 0) return <span className="dim">no values</span>;
  return (
    <ul className="decoded" data-testid={testId}>
      {values.map((value, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: values have no identity beyond their position
        <li key={i}>
          <span className="decoded-name">{value.name}</span> <span className="dim">{value.type}</span>{' '}
          <span className="mono decoded-text">{value.text}</span>
          {value.children && value.children.length > 0 && <DecodedValues values={value.children} />}
        </li>
      ))}
    </ul>
  );
}

/** An actor's address forms, each selectable text with a copy button. */
export function AddressList({ forms }: { forms: AddressForms }) {
  const rows: Array<[string, string | null]> = [
    ['ID', forms.id],
    [forms.robust?.startsWith('f4') ? 'f410' : 'robust', forms.robust],
    ['0x', forms.eth],
  ];
  return (
    <dl className="address-list">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label} className="address-row">
            <dt>{label}</dt>
            <dd className="mono" title={value!}>
              {value}
              <CopyButton value={value!} />
            </dd>
          </div>
        ))}
    </dl>
  );
}

/** A small button that copies `value` to the clipboard; `label` names it for screen readers. */
export function CopyButton({ value, label = `Copy ${value}` }: { value: string; label?: string }) {
  return (
    <button
      type="button"
      className="icon-button copy"
      aria-label={label}
      title="Copy"
      onClick={() => void navigator.clipboard?.writeText(value)}
    >
      <svg width="11" height="11" viewBox="0 0 16 16" aria-hidden="true">
        <rect x="5" y="5" width="9" height="9" rx="1" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M3 11V3a1 1 0 0 1 1-1h7" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
    </button>
  );
}

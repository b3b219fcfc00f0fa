import { useEffect } from 'react';
import { gasText } from '../format';
import { selectedKey, useChain } from '../state/chain';
import { useGasLines } from '../state/debugger';
import { useEditorCursor } from '../state/editorCursor';
import { usePanels } from '../state/panels';
import { useWorkspace } from '../state/workspace';

/** FVM gas of the selected message by Solidity line (also shown in the editor gutter). */
export function GasByLineView() {
  const message = useChain((s) => s.selectedMessage);
  const key = useChain(selectedKey);
  const { view, loading, error, load } = useGasLines();
  const gasInEditor = usePanels((s) => s.gasInEditor);
  const setGasInEditor = usePanels((s) => s.setGasInEditor);
  const files = useWorkspace((s) => s.files);
  useEffect(() => {
    if (message !== null) void load(message, key);
  }, [message, key, load]);
  if (message === null) return <p className="dim pad">Select a message in the Transactions tab.</p>;
  if (error) return <p className="field-error pad">{error}</p>;
  if (loading || !view || useGasLines.getState().key !== key)
    return <p className="dim pad">Attributing gas to lines…</p>;
  const lineTotal = view.files.reduce((sum, f) => sum + f.lines.reduce((s, l) => s + l.selfGas, 0), 0);
  return (
    <div className="gas-lines" data-testid="gas-by-line">
      <label className="inline-check">
        <input type="checkbox" checked={gasInEditor} onChange={(e) => setGasInEditor(e.target.checked)} />{' '}
        show in the editor gutter
      </label>
      <p className="dim">
        Message #{message}: {view.gasUsed.toLocaleString('en-US')} gas used; {gasText(lineTotal)} in Solidity
        lines (own cost, calls excluded), {gasText(view.unmapped)} in compiler-generated code.
      </p>
      {view.files.map((file) => (
        <table key={file.file} className="charge-table">
          <thead>
            <tr>
              <th>{file.path}</th>
              <th className="num">steps</th>
              <th className="num">gas (own)</th>
              <th className="num">gas with calls</th>
            </tr>
          </thead>
          <tbody>
            {[...file.lines]
              .sort((a, b) => b.gas - a.gas)
              .map((line) => (
                <tr key={line.line}>
                  <td>
                    <button
                      type="button"
                      className="link-button mono"
                      disabled={!(file.path in files)}
                      onClick={() => {
                        useWorkspace.getState().open(file.path);
                        useEditorCursor.getState().requestReveal(file.path, line.line);
                      }}
                    >
                      line {line.line}
                    </button>
                  </td>
                  <td className="num">{line.steps}</td>
                  <td className="num">{gasText(line.selfGas)}</td>
                  <td className="num">{gasText(line.gas)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
      <h4>Outside the bytecode</h4>
      <p className="dim small">
        Each EVM invocation also pays for itself: the call, loading the contract, and at the end flushing its
        storage (this is where SSTOREs are paid: new KAMT blocks are created and linked) and returning.
      </p>
      <table className="charge-table">
        <tbody>
          {view.outside.map((o) => (
            <tr key={o.frame}>
              <td>{o.label}</td>
              <td className="num">{gasText(o.gas)}</td>
              <td className="dim">
                {o.storageWriteLines.length > 0
                  ? `storage written on line${o.storageWriteLines.length === 1 ? '' : 's'} ${o.storageWriteLines.join(', ')}`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

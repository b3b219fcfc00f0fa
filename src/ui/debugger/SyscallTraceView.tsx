import { useEffect, useState } from 'react';
import { vmSession } from '../../worker-vm/client';
import type { SyscallTraceView as TraceView } from '../../worker-vm/session/wasm/wasmViews';
import { gasText } from '../format';
import './syscallTrace.css';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * In place of opcode steps for a message that ran Wasm actors: every syscall in order, nested by call
 * (a send's callee's syscalls are indented under it), with its arguments, the Wasm execution synced at it,
 * its own gas and charges, and its result or error number.
 */
export function SyscallTraceView({ message, messageKey }: { message: number; messageKey: string }) {
  const [trace, setTrace] = useState<{ key: string; view: TraceView } | { key: string; error: string }>();
  useEffect(() => {
    let live = true;
    vmSession()
      .syscallTrace(message)
      .then(
        (view) => live && setTrace({ key: messageKey, view }),
        (error) => live && setTrace({ key: messageKey, error: describe(error) }),
      );
    return () => {
      live = false;
    };
  }, [message, messageKey]);

  if (!trace || trace.key !== messageKey) return <p className="dim pad">Loading the syscall trace…</p>;
  if ('error' in trace) return <p className="field-error pad">{trace.error}</p>;
  const { rows, invocations } = trace.view;
  if (rows.length === 0 && invocations.length === 0)
    return <p className="dim pad">Message #{message} ran no EVM code and no Wasm actor code.</p>;
  const baseDepth = Math.min(...rows.map((row) => row.depth), 0);
  return (
    <div className="syscall-trace pad" data-testid="syscall-trace">
      <p className="dim">
        Message #{message}: {rows.length} syscall{rows.length === 1 ? '' : 's'} by{' '}
        {invocations.map((i) => i.label).join(', ')}. Gas: “exec” is the Wasm run since the previous syscall
        (charged as wasm_exec), “gas” the syscall’s own (OnSyscall and its charges, calls included).
        {invocations.map((i) => ` ${i.label}: ${gasText(i.tailExecGas)} of Wasm after its last syscall.`)}
      </p>
      <table className="syscall-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Syscall</th>
            <th>Arguments</th>
            <th className="num">exec</th>
            <th className="num">gas</th>
            <th>Result</th>
            <th>Charges</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.index}
              data-testid="syscall-row"
              data-name={row.name}
              className={row.errno !== 0 ? 'syscall-failed' : undefined}
            >
              <td className="dim">{row.index}</td>
              <td className="mono" style={{ paddingLeft: `${(row.depth - baseDepth) * 14 + 4}px` }}>
                {row.name}
              </td>
              <td className="mono dim">{row.args}</td>
              <td className="num">{gasText(row.execGas)}</td>
              <td className="num">{gasText(row.gas)}</td>
              <td className="mono" title={row.result ?? ''}>
                {row.outcome}
                {row.result ? ` ${row.result.length > 26 ? `${row.result.slice(0, 26)}…` : row.result}` : ''}
              </td>
              <td className="dim small">
                {row.charges.map((c) => `${c.name} ${gasText(c.gas)}`).join(' · ')}
                {row.calls.length > 0 ? ` · calls node ${row.calls.join(', ')}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useConsole } from '../state/consoleLog';

const clock = (time: number) => new Date(time).toLocaleTimeString([], { hour12: false });

export function ConsolePanel() {
  const lines = useConsole((s) => s.lines);
  const clear = useConsole((s) => s.clear);
  return (
    <section className="panel" aria-label="Console">
      <header className="panel-title">
        Console
        <button type="button" className="link-button" onClick={clear}>
          Clear
        </button>
      </header>
      <ol className="console-lines" data-testid="console">
        {lines.map((line) => (
          <li key={line.id} className={`console-line console-${line.level}`}>
            <time>{clock(line.time)}</time> {line.text}
          </li>
        ))}
      </ol>
    </section>
  );
}

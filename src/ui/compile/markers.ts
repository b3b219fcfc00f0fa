import type * as Monaco from 'monaco-editor/editor/editor.api';
import type { Diagnostic } from '../../compiler/types';

/** Markers set by the compiler carry this owner, so other tools' markers are left alone. */
export const MARKER_OWNER = 'solc';

export interface MarkerData {
  severity: 'error' | 'warning' | 'info';
  message: string;
  code?: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/**
 * The markers for one file. Ranges are already in editor terms (1-based lines, UTF-16 columns); an empty
 * range (a whole-file problem, or solc pointing between two characters) is widened to one character so
 * the squiggle shows.
 */
export function markersForFile(diagnostics: readonly Diagnostic[], file: string): MarkerData[] {
  const markers: MarkerData[] = [];
  for (const d of diagnostics) {
    if (d.location?.file !== file) continue;
    const { startLine, startColumn, endLine, endColumn } = d.location.range;
    const empty = startLine === endLine && endColumn <= startColumn;
    const marker: MarkerData = {
      severity: d.severity,
      message: d.secondaryLocations?.length
        ? `${d.message}\n${d.secondaryLocations.map((l) => `${l.message ?? 'See'} ${l.file}:${l.range.startLine}:${l.range.startColumn}`).join('\n')}`
        : d.message,
      startLineNumber: startLine,
      startColumn,
      endLineNumber: endLine,
      endColumn: empty ? startColumn + 1 : endColumn,
    };
    if (d.code) marker.code = d.code;
    markers.push(marker);
  }
  return markers;
}

/** Sets the compiler's markers on every open model (and clears them where there are none now). */
export function applyDiagnosticMarkers(monaco: typeof Monaco, diagnostics: readonly Diagnostic[]): void {
  const severities = {
    error: monaco.MarkerSeverity.Error,
    warning: monaco.MarkerSeverity.Warning,
    info: monaco.MarkerSeverity.Info,
  };
  for (const model of monaco.editor.getModels()) {
    const file = model.uri.path.replace(/^\//, '');
    const markers = markersForFile(diagnostics, file).map((m) => ({
      ...m,
      severity: severities[m.severity],
    }));
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
  }
}

import { SourcePositions } from '../output/positions';
import type { DiagnosticLocation, DiagnosticSeverity } from '../types';
import type { WasmDiagnostic } from '../wat/wasmResult';

/** The parts of asc's diagnostic objects used here (`reportDiagnostic`). */
export interface AscDiagnostic {
  code: number;
  /** 0 pedantic, 1 info, 2 warning, 3 error. */
  category: number;
  message: string;
  range: AscRange | null;
  relatedRange: AscRange | null;
}

interface AscRange {
  /** UTF-16 offsets into the source text (AssemblyScript tokenizes JavaScript strings). */
  start: number;
  end: number;
  source: { normalizedPath: string; text?: string };
}

const SEVERITY: Record<number, DiagnosticSeverity> = { 0: 'info', 1: 'info', 2: 'warning', 3: 'error' };

/**
 * Turns asc's diagnostics into the compiler's shape, with ranges in lines and UTF-16 columns. Files keep
 * asc's names: workspace paths (`actors/token.ts`), the SDK (`~lib/fvm/cbor.ts`) and the standard library
 * (`~lib/array.ts`); the last two are marked `inLibrary`.
 */
export class AscDiagnosticConverter {
  private readonly positions = new Map<string, SourcePositions>();

  constructor(
    private readonly textOf: (normalizedPath: string) => string | undefined,
    private readonly isLibrary: (normalizedPath: string) => boolean,
  ) {}

  convert(diagnostic: AscDiagnostic): WasmDiagnostic {
    const out: WasmDiagnostic = {
      severity: SEVERITY[diagnostic.category] ?? 'error',
      origin: 'assemblyscript',
      type: `AS${diagnostic.code}`,
      code: String(diagnostic.code),
      message: diagnostic.message,
    };
    const location = diagnostic.range ? this.locate(diagnostic.range) : undefined;
    if (location) {
      out.location = location;
      if (this.isLibrary(location.file)) out.inLibrary = true;
    }
    const related = diagnostic.relatedRange ? this.locate(diagnostic.relatedRange) : undefined;
    if (related) out.secondaryLocations = [{ ...related, message: 'related' }];
    return out;
  }

  private locate(range: AscRange): DiagnosticLocation | undefined {
    const file = range.source.normalizedPath;
    let positions = this.positions.get(file);
    if (!positions) {
      const text = range.source.text ?? this.textOf(file);
      if (text === undefined) return undefined;
      positions = new SourcePositions(text);
      this.positions.set(file, positions);
    }
    return { file, range: positions.rangeFromChars(range.start, range.end) };
  }
}

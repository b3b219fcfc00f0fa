/**
 * Raised by the instrumentation passes where fvm-wasm-instrument would fail (so ref-fvm would refuse
 * to load the module). `instrumentModule` turns it into a typed `WasmModuleError`.
 */
export class InstrumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstrumentError';
  }
}

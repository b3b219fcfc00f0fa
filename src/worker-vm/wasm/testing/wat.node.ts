import wabtInit from 'wabt';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Promise<Wabt> | undefined;

export type WatFeatures = Parameters<Wabt['parseWat']>[2];

/** Compiles WebAssembly text to binary with the installed wabt (for tests). */
export async function wat(text: string, features: WatFeatures = {}): Promise<Uint8Array> {
  wabt ??= wabtInit();
  const w = await wabt;
  const module = w.parseWat('test.wat', text, { bulk_memory: true, sign_extension: true, ...features });
  try {
    module.resolveNames();
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** Renders a module as text with wabt (for debugging failed tests). */
export async function wasmToText(bytes: Uint8Array): Promise<string> {
  wabt ??= wabtInit();
  const w = await wabt;
  const module = w.readWasm(bytes, { readDebugNames: false, check: false });
  try {
    return module.toText({ foldExprs: false, inlineExport: false });
  } finally {
    module.destroy();
  }
}

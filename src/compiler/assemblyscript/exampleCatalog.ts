/**
 * The AssemblyScript example actors the IDE lists (sources in `examples/`): what each does, its files, the
 * constructor params and calls to try, as JSON params (docs/wasm-actors.md, "JSON params"). Sources are
 * bundled as text and fetched only when the examples are listed (`loadBundledExamples`); Node reads them
 * from disk (`exampleCatalog.node.ts`).
 */

export interface ExampleCall {
  method: number;
  name: string;
  /** JSON params for the call (absent: no params). */
  params?: unknown;
  description: string;
}

export interface AssemblyScriptExample {
  id: 'counter' | 'token' | 'evm-caller';
  title: string;
  description: string;
  /** The actor's source: compile this file. */
  entry: string;
  /** Every file of the example: path -> text (the actor, and a Solidity contract for evm-caller). */
  files: Record<string, string>;
  /** JSON params for the constructor (Init Exec), absent when it takes none. */
  constructorParams?: unknown;
  /** What to do before creating the actor, in words. */
  setup?: string;
  calls: ExampleCall[];
}

type ExampleSpec = Omit<AssemblyScriptExample, 'files'> & { fileNames: string[] };

export const EXAMPLE_SPECS: readonly ExampleSpec[] = [
  {
    id: 'counter',
    title: 'Counter',
    description: 'State as a DAG-CBOR array, CBOR params and returns, an event and a log line per increment.',
    entry: 'counter.ts',
    fileNames: ['counter.ts'],
    calls: [
      { method: 2, name: 'Increment', params: 5, description: 'adds 5; returns the new count' },
      { method: 3, name: 'Get', description: 'returns the count' },
    ],
  },
  {
    id: 'token',
    title: 'Token',
    description:
      'A fungible token: balances in a DAG-CBOR map (visible in the state diff), transfers with events.',
    entry: 'token.ts',
    fileNames: ['token.ts'],
    constructorParams: { name: 'Playground Token', symbol: 'PLAY', supply: 1000000 },
    calls: [
      {
        method: 2,
        name: 'Transfer',
        params: { to: { $address: 'f0101' }, amount: 250 },
        description: "sends 250 tokens to f0101; returns the sender's new balance",
      },
      {
        method: 3,
        name: 'BalanceOf',
        params: { $address: 'f0101' },
        description: 'returns the balance of f0101',
      },
      { method: 4, name: 'TotalSupply', description: 'returns the supply' },
      { method: 5, name: 'Info', description: 'returns {name, symbol, supply}' },
    ],
  },
  {
    id: 'evm-caller',
    title: 'Calling a Solidity contract',
    description:
      'Calls SimpleStorage through InvokeContract with ABI-encoded calldata and decodes its return; a revert comes back with its reason.',
    entry: 'evmCaller.ts',
    fileNames: ['evmCaller.ts', 'SimpleStorage.sol'],
    setup: 'Deploy SimpleStorage.sol first and pass its address to the constructor.',
    constructorParams: { $address: '0x<SimpleStorage address>' },
    calls: [
      { method: 2, name: 'Store', params: 42, description: 'calls store(42)' },
      { method: 3, name: 'Retrieve', description: 'calls retrieve() read-only; returns the value' },
      {
        method: 4,
        name: 'Call',
        params: { $hex: '0x2e64cec1' },
        description: 'any calldata (here retrieve()); returns the output bytes',
      },
    ],
  },
];

/** The examples with their files, read by `read(fileName)`. */
export async function loadExamples(
  read: (fileName: string) => Promise<string> | string,
): Promise<AssemblyScriptExample[]> {
  return Promise.all(
    EXAMPLE_SPECS.map(async ({ fileNames, ...spec }) => {
      const files: Record<string, string> = {};
      for (const name of fileNames) files[name] = await read(name);
      return { ...spec, files };
    }),
  );
}

/** The examples as bundled with the app (each file a separate asset, loaded here). */
export function loadBundledExamples(): Promise<AssemblyScriptExample[]> {
  const sources = import.meta.glob<string>(['./examples/*.ts', './examples/*.sol'], {
    query: '?raw',
    import: 'default',
  });
  return loadExamples(async (name) => {
    const load = sources[`./examples/${name}`];
    if (!load) throw new Error(`example file ${name} is not bundled`);
    return load();
  });
}

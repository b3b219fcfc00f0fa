/**
 * The examples menu: the use cases of the product brief as ready-to-run workspaces. Sources are Vite raw
 * imports loaded when picked, so they cost nothing until then.
 */
export interface Example {
  id: string;
  title: string;
  description: string;
  /** Workspace path of each file → its loader. */
  files: Record<string, () => Promise<string>>;
  /** The file to open. */
  main: string;
}

const raw = import.meta.glob('./**/*.sol', { query: '?raw', import: 'default' }) as Record<
  string,
  () => Promise<string>
>;

const file = (source: string, path: string) => {
  const load = raw[source];
  if (!load) throw new Error(`example file ${source} is missing`);
  return { [path]: load };
};

// Wasm actors (issue 8): the AssemblyScript examples that ship with the compiler, and a WAT counter.
const actorSources = import.meta.glob(
  [
    '../../compiler/assemblyscript/examples/*.ts',
    '../../compiler/assemblyscript/examples/*.sol',
    '../../../tests/fixtures/wasm/counter.wat',
  ],
  { query: '?raw', import: 'default' },
) as Record<string, () => Promise<string>>;

const actorFile = (source: string, name: string) => {
  const load = actorSources[source];
  if (!load) throw new Error(`example file ${source} is missing`);
  return { [`actors/${name}`]: load };
};

const asFile = (name: string) => actorFile(`../../compiler/assemblyscript/examples/${name}`, name);

/** The AssemblyScript and WAT actors: compile the main file (Ctrl+S), then use the Wasm actor panel. */
export const WASM_EXAMPLES: readonly Example[] = [
  {
    id: 'as-counter',
    title: 'Wasm actor: counter (AssemblyScript)',
    description:
      'State as DAG-CBOR, JSON params (Increment: method 2 with 5), an event and a log line per increment.',
    files: asFile('counter.ts'),
    main: 'actors/counter.ts',
  },
  {
    id: 'as-token',
    title: 'Wasm actor: token (AssemblyScript)',
    description:
      'Balances in a DAG-CBOR map shown by the state diff; create with {"name":…,"symbol":…,"supply":…}, Transfer is method 2.',
    files: asFile('token.ts'),
    main: 'actors/token.ts',
  },
  {
    id: 'as-evm-caller',
    title: 'Wasm actor calling Solidity (AssemblyScript)',
    description:
      'Deploy SimpleStorage.sol, then create the actor with {"$address": "<its 0x>"}; it calls the contract through InvokeContract.',
    files: { ...asFile('evmCaller.ts'), ...asFile('SimpleStorage.sol') },
    main: 'actors/evmCaller.ts',
  },
  {
    id: 'wat-counter',
    title: 'Wasm actor: counter (WebAssembly text)',
    description: 'The same counter written by hand against the syscall ABI: method 2 adds a CBOR integer.',
    files: actorFile('../../../tests/fixtures/wasm/counter.wat', 'counter.wat'),
    main: 'actors/counter.wat',
  },
];

export const EXAMPLES: readonly Example[] = [
  {
    id: 'erc20',
    title: 'ERC-20 token (OpenZeppelin)',
    description: 'Ethereum compatibility: an unchanged OpenZeppelin ERC-20 with an owner who mints.',
    files: file('./erc20/PlayToken.sol', 'examples/erc20/PlayToken.sol'),
    main: 'examples/erc20/PlayToken.sol',
  },
  {
    id: 'datadao',
    title: 'Data DAO',
    description: 'Members propose datasets with their storage provider, vote, and pay from the treasury.',
    files: file('./datadao/DataDAO.sol', 'examples/datadao/DataDAO.sol'),
    main: 'examples/datadao/DataDAO.sol',
  },
  {
    id: 'access',
    title: 'Data access control',
    description: 'Owners register datasets by CID and grant, revoke or sell read access.',
    files: file('./access/DataAccess.sol', 'examples/access/DataAccess.sol'),
    main: 'examples/access/DataAccess.sol',
  },
  ...WASM_EXAMPLES,
];

export async function loadExample(example: Example): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(example.files).map(async ([path, load]) => [path, await load()] as const),
  );
  return Object.fromEntries(entries);
}

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
];

export async function loadExample(example: Example): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(example.files).map(async ([path, load]) => [path, await load()] as const),
  );
  return Object.fromEntries(entries);
}

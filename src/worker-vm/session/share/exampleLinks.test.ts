import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARE_LINK_SHORT_CHARS } from '../../../storage/shareLink/codec';
import { EXAMPLES } from '../../../ui/examples/examples';
import { PlaygroundSession } from '../session';
import { compileForSession } from '../testing/sessionFixture.node';
import { createShareLink, openShareLink, setShareRegistry } from './shareService';
import 'fake-indexeddb/auto';
import { uniqueName } from '../../../storage/testing/fixtures';
import { WorkspaceRegistry } from '../../../storage/workspace/registry';

const source = (path: string) => readFileSync(new URL(`../../../ui/${path}`, import.meta.url), 'utf8');
const SETTINGS = { optimizer: { enabled: false, runs: 200 }, viaIR: false, remappings: [] };
setShareRegistry(new WorkspaceRegistry({ prefix: uniqueName('example-links') }));

/** Each built-in example, deployed and called once, as the workshop case of a share link. */
const CASES = [
  {
    id: 'erc20',
    contract: 'PlayToken',
    args: ['1000 ether'],
    fn: 'transfer(address,uint256)',
    call: (bob: string) => [bob, '5 ether'],
  },
  { id: 'datadao', contract: 'DataDAO', args: ['2'], fn: 'addMember(address)', call: (bob: string) => [bob] },
  {
    id: 'access',
    contract: 'DataAccess',
    args: [],
    fn: 'register(string,uint96)',
    call: () => ['bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi', '1 gwei'],
  },
];

describe('share links of the built-in examples (deploy and one call)', () => {
  for (const example of CASES) {
    it(`${example.id}: short enough for chat apps, and reproduces the same state`, async () => {
      const files = Object.keys(EXAMPLES.find((e) => e.id === example.id)!.files).map(
        (path) => [path, source(path)] as [string, string],
      );
      const { result, input } = await compileForSession(Object.fromEntries(files));
      const session = new PlaygroundSession();
      const key = session.registerCompilation(input).artifacts.find((a) => a.name === example.contract)!.key;
      const [alice, bob] = session.state().accounts.filter((a) => a.kind === 'eth');
      session.submit({ kind: 'deploy', from: alice!.robust!, artifactKey: key, args: example.args });
      const called = session.submit({
        kind: 'invoke',
        from: alice!.robust!,
        contract: 0,
        function: example.fn,
        args: example.call(bob!.eth!),
      });
      expect(called.exitName).toBe('OK');
      const artifacts = result.contracts
        .filter((c) => !c.fromLibrary && c.kind === 'contract')
        .map((c) => ({ id: c.id, bytecode: c.creation.object, abi: c.abi }));
      const link = createShareLink(session, {
        files,
        compiler: { version: 'bundled', settings: SETTINGS },
        openFiles: [files[0]![0]],
        activeFile: files[0]![0],
        artifacts,
      });
      console.log(`share link, ${example.id} (deploy + ${example.fn}): ${link.length} characters`);
      expect(link.length).toBeLessThan(SHARE_LINK_SHORT_CHARS * 2);
      const opened = await openShareLink({ fragment: link.fragment, artifacts });
      expect([opened.sameStateRoot, opened.sameReceipts]).toEqual([true, true]);
    }, 60_000);
  }
});

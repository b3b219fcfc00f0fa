import { describe, expect, it } from 'vitest';
import { createCompiler, type SolcProvider } from '../../src/compiler/compile';
import { createNodeCompiler } from '../../src/compiler/compiler.node.js';
import { selectorOf } from '../../src/compiler/consoleLog/signatures';
import { nodeLibraryFiles } from '../../src/compiler/libraries/nodeLibraries.node.js';
import { MAX_FILE_BYTES } from '../../src/compiler/limits';
import { DEFAULT_SETTINGS } from '../../src/compiler/settings';
import type { CompileResult, CompilerSettings, ContractArtifact } from '../../src/compiler/types';
import { errorsOf, fixture, fixtureWorkspace, positionOf } from './helpers';

// One warm compiler for the whole file, as the worker keeps one.
const compiler = createNodeCompiler();
const settings = (overrides: Partial<CompilerSettings> = {}): CompilerSettings => ({
  ...DEFAULT_SETTINGS,
  ...overrides,
});
const compile = (
  files: Record<string, string>,
  extra: Partial<Parameters<typeof compiler.compile>[0]> = {},
) => compiler.compile({ files, settings: settings(), ...extra });

function contract(result: CompileResult, id: string): ContractArtifact {
  const found = result.contracts.find((c) => c.id === id);
  if (!found) throw new Error(`${id} not in ${result.contracts.map((c) => c.id).join(', ')}`);
  return found;
}

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    uint256 public count;
    address public owner;

    function increment() external {
        count += 1;
    }
}
`;

describe('compiling a single file', () => {
  it('returns ABI, both bytecodes and source maps, method identifiers, storage layout and the AST', async () => {
    const result = await compile({ 'contracts/Counter.sol': COUNTER });
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([]);
    expect(result.solcVersion).toMatch(/^0\.8\.\d+\+commit\.[0-9a-f]{8}/);
    const counter = contract(result, 'contracts/Counter.sol:Counter');
    expect(counter).toMatchObject({
      file: 'contracts/Counter.sol',
      name: 'Counter',
      kind: 'contract',
      fromLibrary: false,
    });
    expect(counter.abi.map((item) => ('name' in item ? item.name : item.type)).sort()).toEqual([
      'count',
      'increment',
      'owner',
    ]);
    expect(counter.methodIdentifiers).toEqual({
      'count()': '06661abd',
      'increment()': 'd09de08a',
      'owner()': '8da5cb5b',
    });
    expect(counter.creation.object).toMatch(/^0x(60|5f)[0-9a-f]+$/);
    expect(counter.runtime.object).toMatch(/^0x[0-9a-f]+$/);
    expect(counter.creation.object.length).toBeGreaterThan(counter.runtime.object.length);
    expect(counter.creation.sourceMap).toMatch(/^\d+:\d+:\d+:-:0/);
    expect(counter.runtime.sourceMap.split(';').length).toBeGreaterThan(10);
    expect(counter.storageLayout.storage.map(({ label, slot, offset }) => ({ label, slot, offset }))).toEqual(
      [
        { label: 'count', slot: '0', offset: 0 },
        { label: 'owner', slot: '1', offset: 0 },
      ],
    );
    expect(result.sources).toHaveLength(1);
    expect(result.sources[0]).toMatchObject({
      id: 0,
      path: 'contracts/Counter.sol',
      origin: 'workspace',
      content: COUNTER,
    });
    expect((result.sources[0]!.ast as { nodeType: string }).nodeType).toBe('SourceUnit');
  });

  it('applies the optimizer, the EVM version and via-IR', async () => {
    const plain = contract(await compile({ 'C.sol': COUNTER }), 'C.sol:Counter').runtime.object;
    const optimized = await compiler.compile({
      files: { 'C.sol': COUNTER },
      settings: settings({ optimizer: { enabled: true, runs: 200 } }),
    });
    expect(contract(optimized, 'C.sol:Counter').runtime.object).not.toBe(plain);
    const london = await compiler.compile({
      files: { 'C.sol': COUNTER },
      settings: settings({ evmVersion: 'london' }),
    });
    // PUSH0 exists from Shanghai on, so pre-Shanghai code differs.
    expect(contract(london, 'C.sol:Counter').runtime.object).not.toBe(plain);
    const viaIR = await compiler.compile({
      files: { 'C.sol': COUNTER },
      settings: settings({ viaIR: true }),
    });
    expect(viaIR.ok).toBe(true);
    expect(contract(viaIR, 'C.sol:Counter').runtime.object).not.toBe(plain);
  });

  it('reports nothing to compile for a workspace without Solidity files', async () => {
    const result = await compile({ 'README.md': '# hi' });
    expect(result).toMatchObject({ ok: true, contracts: [], errorCount: 0 });
    expect(result.diagnostics[0]).toMatchObject({ severity: 'info', type: 'NothingToCompile' });
  });
});

describe('compiling a multi-file workspace', () => {
  it('follows relative imports (with a cycle), and reports library link references and immutables', async () => {
    const files = fixtureWorkspace('multi');
    const result = await compile(files);
    expect(errorsOf(result)).toEqual([]);
    expect(result.sources.map((s) => s.path).sort()).toEqual([
      'contracts/Vault.sol',
      'contracts/lib/Fees.sol',
      'contracts/lib/Ledger.sol',
      'contracts/lib/Shares.sol',
      'interfaces/IVault.sol',
    ]);
    const vault = contract(result, 'contracts/Vault.sol:Vault');
    expect(vault.runtime.linkReferences).toHaveProperty(['contracts/lib/Ledger.sol', 'Ledger']);
    expect(vault.runtime.object).toMatch(/__\$[0-9a-f]{34}\$__/);
    expect(Object.keys(vault.runtime.immutableReferences)).toHaveLength(1);
    expect(contract(result, 'interfaces/IVault.sol:IVault').kind).toBe('interface');
    expect(contract(result, 'contracts/lib/Ledger.sol:Ledger').kind).toBe('library');
  });

  it('compiles only the entries and what they import when entries are given', async () => {
    const files = { ...fixtureWorkspace('multi'), 'scratch/Broken.sol': 'this is not solidity' };
    const result = await compile(files, { entries: ['contracts/lib/Shares.sol'] });
    expect(result.ok).toBe(true);
    expect(result.sources.map((s) => s.path).sort()).toEqual([
      'contracts/lib/Fees.sol',
      'contracts/lib/Shares.sol',
    ]);
  });

  it('terminates on a file that imports itself', async () => {
    const result = await compile({
      'A.sol': 'pragma solidity ^0.8.0;\nimport "./A.sol";\nimport {B} from "./A.sol";\ncontract B {}',
    });
    expect(result.ok).toBe(true);
    expect(result.sources).toHaveLength(1);
  });

  it('applies remappings to imports, the same way solc does', async () => {
    const files = {
      'src/Token.sol':
        '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\nimport {ERC20} from "oz/token/ERC20/ERC20.sol";\nimport {Helper} from "helpers/Helper.sol";\ncontract Token is ERC20 { constructor() ERC20("T", "T") {} }',
      'vendor/helpers/Helper.sol':
        '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\nlibrary Helper {}',
    };
    const result = await compiler.compile({
      files,
      settings: settings({ remappings: ['oz/=@openzeppelin/contracts/', 'helpers/=vendor/helpers/'] }),
    });
    expect(errorsOf(result)).toEqual([]);
    expect(result.sources.map((s) => s.path)).toContain('@openzeppelin/contracts/token/ERC20/ERC20.sol');
    expect(result.sources.map((s) => s.path)).toContain('vendor/helpers/Helper.sol');
  });
});

describe('compiling against the bundled libraries', () => {
  it('compiles an OpenZeppelin ERC-20', async () => {
    const result = await compile({ 'MyToken.sol': fixture('oz/MyToken.sol') });
    expect(errorsOf(result)).toEqual([]);
    const token = contract(result, 'MyToken.sol:MyToken');
    expect(token.methodIdentifiers['transfer(address,uint256)']).toBe('a9059cbb');
    expect(token.methodIdentifiers['mint(address,uint256)']).toBe('40c10f19');
    expect(token.storageLayout.storage.map((s) => s.label)).toEqual([
      '_balances',
      '_allowances',
      '_totalSupply',
      '_name',
      '_symbol',
      '_owner',
    ]);
    expect(contract(result, '@openzeppelin/contracts/token/ERC20/ERC20.sol:ERC20')).toMatchObject({
      kind: 'abstract',
      fromLibrary: true,
    });
    const erc20Source = result.sources.find(
      (s) => s.path === '@openzeppelin/contracts/token/ERC20/ERC20.sol',
    )!;
    expect(erc20Source.origin).toBe('library');
    expect(erc20Source.content).toContain('abstract contract ERC20');
    // Library ASTs only when asked for: they cost solc time.
    expect(erc20Source.ast).toBeNull();
    const withAsts = await compile({ 'MyToken.sol': fixture('oz/MyToken.sol') }, { libraryAsts: true });
    expect(
      withAsts.sources.every((s) => (s.ast as { nodeType?: string } | null)?.nodeType === 'SourceUnit'),
    ).toBe(true);
  });

  it('compiles an OpenZeppelin ERC-721', async () => {
    const result = await compile({ 'MyNFT.sol': fixture('oz/MyNFT.sol') });
    expect(errorsOf(result)).toEqual([]);
    const nft = contract(result, 'MyNFT.sol:MyNFT');
    expect(nft.methodIdentifiers['safeTransferFrom(address,address,uint256)']).toBe('42842e0e');
    expect(nft.methodIdentifiers['tokenOfOwnerByIndex(address,uint256)']).toBe('2f745c59');
  });

  it('compiles a DealClient-style contract with MarketAPI, CBOR codecs, BigInts and console.log', async () => {
    const result = await compile({ 'contracts/DealBroker.sol': fixture('filecoin/DealBroker.sol') });
    expect(errorsOf(result)).toEqual([]);
    const broker = contract(result, 'contracts/DealBroker.sol:DealBroker');
    expect(broker.runtime.object.length).toBeGreaterThan(10_000);
    expect(broker.methodIdentifiers['handle_filecoin_method(uint64,uint64,bytes)']).toBe('868e10c4');
    const origins = Object.fromEntries(result.sources.map((s) => [s.path, s.origin]));
    expect(origins).toMatchObject({
      'contracts/DealBroker.sol': 'workspace',
      'filecoin-solidity-api/contracts/v0.8/MarketAPI.sol': 'library',
      'filecoin-solidity-api/contracts/v0.8/cbor/MarketCbor.sol': 'library',
      'filecoin-solidity-api/contracts/v0.8/utils/BigInts.sol': 'library',
      'solidity-cborutils/contracts/CBOR.sol': 'library',
      '@ensdomains/buffer/contracts/Buffer.sol': 'library',
      'hardhat/console.sol': 'generated',
    });
    // console.log("...", uint256) calls with Hardhat's selector for log(string,uint256).
    expect(broker.runtime.object).toContain(selectorOf('log(string,uint256)').slice(2));
  });

  it('compiles the same client against @zondax/filecoin-solidity with fevm-hardhat-kit import paths', async () => {
    const result = await compile({ 'ZondaxDealClient.sol': fixture('filecoin/ZondaxDealClient.sol') });
    expect(errorsOf(result)).toEqual([]);
    expect(result.sources.map((s) => s.path)).toContain(
      '@zondax/filecoin-solidity/contracts/v0.8/MarketAPI.sol',
    );
  });

  const withZondaxBigInts = (pragma = '^0.8.17') =>
    fixture('filecoin/ZondaxDealClient.sol')
      .replace('pragma solidity ^0.8.17;', `pragma solidity ${pragma};`)
      .replace(
        'import {Misc}',
        'import {BigInts} from "@zondax/filecoin-solidity/contracts/v0.8/utils/BigInts.sol";\nimport {Misc}',
      );

  it('compiles @zondax BigInts (pinned to solc 0.8.17) with the shipped 0.8.17, and says why', async () => {
    const result = await compile({ 'ZondaxDealClient.sol': withZondaxBigInts() });
    expect(errorsOf(result)).toEqual([]);
    expect(result.solcVersion).toMatch(/^0\.8\.17\+commit\.8df45f5f/);
    const note = result.diagnostics.find((d) => d.type === 'CompilerChosenByPragma');
    expect(note?.severity).toBe('info');
    expect(note?.message).toContain('"@zondax/solidity-bignumber/src/BigNumbers.sol"');
    expect(result.sources.map((s) => s.path)).toContain(
      '@zondax/filecoin-solidity/contracts/v0.8/utils/BigInts.sol',
    );
    // Without the pin, the default compiler runs and says nothing about versions.
    const plain = await compile({ 'ZondaxDealClient.sol': fixture('filecoin/ZondaxDealClient.sol') });
    expect(plain.solcVersion).toMatch(/^0\.8\.37/);
    expect(plain.diagnostics.some((d) => d.type === 'CompilerChosenByPragma')).toBe(false);
  });

  it('when the shipped release fails too (an EVM version it does not know), says it was tried and why it failed', async () => {
    const result = await compile(
      { 'Old.sol': '// SPDX-License-Identifier: MIT\npragma solidity 0.8.17;\ncontract Old { uint x; }' },
      { settings: settings({ evmVersion: 'cancun' }) },
    );
    expect(result.ok).toBe(false);
    const note = result.diagnostics.find((d) => d.type === 'CompilerChosenByPragma');
    expect(note?.message).toMatch(/^Tried solc 0\.8\.17, .*"Old\.sol".*did not compile either/);
    expect(errorsOf(result)[0]!.message).toMatch(
      /Invalid EVM version requested\..*solc 0\.8\.17 does not know the EVM version "cancun".*choose an earlier one/,
    );
  });

  it('explains a pragma no shipped compiler accepts, or a version the user chose, and names the alternative', async () => {
    for (const [source, version] of [
      // The workspace wants 0.8.20 or later, the library exactly 0.8.17: no compiler accepts both.
      [withZondaxBigInts('^0.8.20'), undefined],
      // The user picked the default compiler by name: no other is tried.
      [withZondaxBigInts(), '0.8.37'],
    ] as const) {
      const result = await compile({ 'ZondaxDealClient.sol': source }, version ? { version } : {});
      const pragma = errorsOf(result).find((d) => d.code === '5333');
      expect(pragma).toMatchObject({
        inLibrary: true,
        location: { file: '@zondax/solidity-bignumber/src/BigNumbers.sol' },
      });
      expect(pragma!.message).toContain('`pragma solidity 0.8.17;`');
      expect(pragma!.message).toContain('filecoin-solidity-api/contracts/v0.8/utils/BigInts.sol');
      expect(result.diagnostics.some((d) => d.type === 'CompilerChosenByPragma')).toBe(false);
    }
  });

  it('serves hardhat/console.sol: pure functions, via-IR, and every overload compiles', async () => {
    const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
import "hardhat/console.sol";
contract Logs {
    function pureLog(uint256 a) external pure returns (uint256) {
        console.log("a is", a);
        console.logBytes4(bytes4(0x12345678));
        console.log(address(0), true, "four", a);
        console.log(int256(-1));
        return a;
    }
}`;
    for (const viaIR of [false, true]) {
      const result = await compiler.compile({ files: { 'Logs.sol': source }, settings: settings({ viaIR }) });
      expect(result.diagnostics).toEqual([]);
      const runtime = contract(result, 'Logs.sol:Logs').runtime.object;
      expect(runtime).toContain(selectorOf('log(address,bool,string,uint256)').slice(2));
      // The console address: "console.log" in ASCII.
      expect(runtime).toContain('636f6e736f6c652e6c6f67');
    }
  });
});

describe('diagnostics', () => {
  it('places a syntax error at the exact line and column, counting UTF-16 columns after non-ASCII text', async () => {
    const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
// Grüße, 😀: the comments hold multi-byte characters.
contract Broken {
    function greet() external pure returns (string memory) { return unicode"héllo 😀" }
}
`;
    const result = await compile({ 'Broken.sol': source });
    expect(result.ok).toBe(false);
    const [error] = errorsOf(result);
    expect(error).toMatchObject({
      origin: 'solc',
      type: 'ParserError',
      severity: 'error',
      location: { file: 'Broken.sol' },
    });
    expect(error!.message).toMatch(/Expected ';' but got '}'/);
    const at = positionOf(source, '}\n}');
    expect(error!.location!.range).toMatchObject({
      startLine: at.line,
      startColumn: at.column,
      endLine: at.line,
      endColumn: at.column + 1,
    });
    // solc's own offsets are bytes: 3 more than the UTF-16 index on this line (é: +1, 😀: +2).
    const charIndex = source.indexOf('}\n}');
    expect(error!.location!.range.startByte).toBe(
      new TextEncoder().encode(source.slice(0, charIndex)).length,
    );
    expect(error!.location!.range.startByte - charIndex).toBe(1 + 1 + 2 + 2 + 1); // ü, ß, 😀 (line 3) and é, 😀 (line 5)
  });

  it('separates warnings from errors and keeps secondary locations', async () => {
    const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Twice {
    function f() external pure returns (uint256) { uint256 unused = 1; return 2; }
    function g() external pure {}
    function g() external pure {}
}
`;
    const result = await compile({ 'Twice.sol': source });
    expect(result.errorCount).toBe(1);
    const [error] = errorsOf(result);
    expect(error).toMatchObject({
      type: 'DeclarationError',
      location: { range: { startLine: 5, startColumn: 5 } },
    });
    expect(error!.secondaryLocations?.[0]).toMatchObject({
      file: 'Twice.sol',
      range: { startLine: 6, startColumn: 5 },
    });
    // With an error, solc stops before the analysis that would warn about `unused`; alone it warns.
    const clean = await compile({ 'W.sol': source.replace('    function g() external pure {}\n}', '}') });
    expect(clean.ok).toBe(true);
    expect(clean.warningCount).toBe(1);
    const at = positionOf(source, 'uint256 unused');
    expect(clean.diagnostics[0]).toMatchObject({
      severity: 'warning',
      code: '2072',
      location: {
        range: {
          startLine: at.line,
          startColumn: at.column,
          endLine: at.line,
          endColumn: at.column + 'uint256 unused'.length,
        },
      },
    });
  });

  it('reports a missing import at the import statement, naming the path and the places tried', async () => {
    const source =
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n  import {Thing} from "./lib/Missing.sol";\ncontract A {}\n';
    const result = await compile({ 'contracts/A.sol': source });
    expect(result.ok).toBe(false);
    expect(result.timings.solcMs).toBe(0);
    const [error] = errorsOf(result);
    expect(error).toMatchObject({
      origin: 'imports',
      type: 'ImportNotFound',
      location: { file: 'contracts/A.sol' },
    });
    expect(error!.location!.range).toMatchObject({
      startLine: 3,
      startColumn: 3,
      endLine: 3,
      endColumn: 3 + 'import {Thing} from "./lib/Missing.sol";'.length,
    });
    expect(error!.message).toContain('"contracts/lib/Missing.sol" not found');
    expect(error!.message).toContain('the workspace file "contracts/lib/Missing.sol"');
    expect(error!.message).toContain('"./lib/Missing.sol" is relative to "contracts/A.sol"');
  });

  it('suggests where a library file moved, and says which paths the bundled libraries serve', async () => {
    const moved = await compile({
      'A.sol': 'import "@openzeppelin/contracts/security/ReentrancyGuard.sol";',
    });
    expect(errorsOf(moved)[0]!.message).toMatch(
      /OpenZeppelin Contracts .*no such file.*Did you mean "@openzeppelin\/contracts\/utils\/ReentrancyGuard.sol"/,
    );
    const foreign = await compile({ 'A.sol': 'import "forge-std/Test.sol";\nimport "forge-std/Test.sol";' });
    expect(errorsOf(foreign)).toHaveLength(2);
    expect(errorsOf(foreign)[0]!.message).toMatch(
      /none of which serves this path \(they serve @openzeppelin\/contracts\/.*hardhat\/console.sol\)/,
    );
    const remapped = await compiler.compile({
      files: { 'A.sol': 'import "x/Y.sol";' },
      settings: settings({ remappings: ['x/=lib/x/'] }),
    });
    expect(errorsOf(remapped)[0]!.message).toContain('remapping "x/=lib/x/" applied');
  });

  it('refuses a huge file with a clear diagnostic before running solc', async () => {
    const huge = `contract Big {}\n${'// padding\n'.repeat(Math.ceil(MAX_FILE_BYTES / 11) + 10)}`;
    const result = await compile({ 'Big.sol': huge, 'Small.sol': 'import "./Big.sol";' });
    expect(result.ok).toBe(false);
    expect(result.timings.solcMs).toBe(0);
    expect(errorsOf(result).map((d) => d.type)).toEqual(['TooLarge']);
    expect(errorsOf(result)[0]!.message).toMatch(/"Big.sol" is 1\.0 MiB; the limit for one file is 1\.0 MiB/);
  });

  it('turns bad settings and paths into diagnostics', async () => {
    const badRuns = await compiler.compile({
      files: { 'A.sol': COUNTER },
      settings: settings({ optimizer: { enabled: true, runs: -1 } }),
    });
    expect(errorsOf(badRuns)[0]).toMatchObject({
      type: 'InvalidInput',
      message: expect.stringMatching(/optimizer.runs/),
    });
    const badEvm = await compiler.compile({
      files: { 'A.sol': COUNTER },
      settings: settings({ evmVersion: 'frontier' }),
    });
    expect(errorsOf(badEvm)[0]!.message).toMatch(/"frontier" is not an EVM version/);
    const badRemap = await compiler.compile({
      files: { 'A.sol': COUNTER },
      settings: settings({ remappings: ['nonsense'] }),
    });
    expect(errorsOf(badRemap)[0]!.message).toMatch(/not a remapping/);
    const escaping = await compile({ '../A.sol': COUNTER });
    expect(errorsOf(escaping)[0]!.message).toMatch(/leaves the workspace/);
    const missingEntry = await compile({ 'A.sol': COUNTER }, { entries: ['B.sol'] });
    expect(errorsOf(missingEntry)[0]!.message).toMatch(/"B.sol" is not a workspace file/);
  });
});

describe('a compiler that crashes', () => {
  it('yields a diagnostic and a fresh compiler for the next compile', async () => {
    let instances = 0;
    const discarded: string[] = [];
    const provider: SolcProvider = {
      async get() {
        const instance = ++instances;
        return {
          version: () => '0.8.37+commit.f401782d',
          compileStandardJson: () => {
            if (instance === 1) throw new Error('Aborted(OOM)');
            if (instance === 2) throw new Error('RuntimeError: unreachable');
            return '{"sources":{},"contracts":{}}';
          },
        };
      },
      discard: (version) => discarded.push(version),
    };
    // A provider that hands out a new instance each time stands in for one that reloads after discard.
    const crashing = createCompiler({ solc: provider, libraries: nodeLibraryFiles() });
    const oom = await crashing.compile({ files: { 'A.sol': COUNTER }, settings: settings() });
    expect(oom.diagnostics[0]).toMatchObject({
      type: 'CompilerOutOfMemory',
      message: expect.stringMatching(/ran out of memory.*restarted/),
    });
    const crash = await crashing.compile({ files: { 'A.sol': COUNTER }, settings: settings() });
    expect(crash.diagnostics[0]).toMatchObject({
      type: 'CompilerCrashed',
      message: expect.stringMatching(/crashed \(RuntimeError: unreachable\)/),
    });
    expect(discarded).toEqual(['bundled', 'bundled']);
    expect((await crashing.compile({ files: { 'A.sol': COUNTER }, settings: settings() })).ok).toBe(true);
  });

  it('reports a compiler that cannot be loaded', async () => {
    const offline = createCompiler({
      solc: {
        get: async () => Promise.reject(new Error("solc 0.8.26 is not in this browser's cache")),
        discard: () => {},
      },
      libraries: nodeLibraryFiles(),
    });
    const result = await offline.compile({
      files: { 'A.sol': COUNTER },
      settings: settings(),
      version: '0.8.26',
    });
    expect(result.diagnostics[0]).toMatchObject({
      type: 'CompilerUnavailable',
      message: expect.stringContaining('not in this browser'),
    });
  });
});

// The headless scenario of the token example (tests/fixtures/assemblyscript/token.scenario.json), built from
// the compiled module. `npx tsx tests/assemblyscript/writeTokenScenario.ts` writes the fixture again after
// the example or the SDK changed; a test checks that the file is what this builds.
import { encodeDagCbor } from '../../src/worker-vm/ipld/cid';
import { bytesToHex } from '../../src/worker-vm/util/bytes';

export const TOKEN_SCENARIO_PATH = new URL('../fixtures/assemblyscript/token.scenario.json', import.meta.url);

const cborHex = (value: unknown) => `0x${bytesToHex(encodeDagCbor(value))}`;

export function tokenScenario(wasm: Uint8Array): unknown {
  return {
    version: 1,
    description:
      'The AssemblyScript token example (src/compiler/assemblyscript/examples/token.ts): install, create with a supply, transfer twice, read a balance, refuse an overdraft',
    steps: [
      { kind: 'installActor', label: 'install token.ts', name: 'token-code', wasm: `0x${bytesToHex(wasm)}` },
      {
        kind: 'createActor',
        label: 'create PLAY with 1,000,000 minted to secp:0 (f0100)',
        from: 'secp:0',
        code: 'token-code',
        params: { name: 'Playground Token', symbol: 'PLAY', supply: 1000000 },
        name: 'token',
        expect: { exitCode: 0, events: 1 },
      },
      {
        kind: 'send',
        label: 'secp:0 sends 250 to f0101',
        from: 'secp:0',
        to: 'token',
        method: 2,
        paramsJson: { to: { $address: 'f0101' }, amount: 250 },
        expect: { exitCode: 0, events: 1, returnData: cborHex(999750) },
      },
      {
        kind: 'send',
        label: 'secp:1 sends 50 to f0102',
        from: 'secp:1',
        to: 'token',
        method: 2,
        paramsJson: { to: { $address: 'f0102' }, amount: 50 },
        expect: { exitCode: 0, events: 1, returnData: cborHex(200) },
      },
      {
        kind: 'send',
        label: 'balance of f0101',
        from: 'secp:2',
        to: 'token',
        method: 3,
        paramsJson: { $address: 'f0101' },
        expect: { exitCode: 0, returnData: cborHex(200) },
      },
      {
        kind: 'send',
        label: 'secp:2 cannot send 51 (USR_INSUFFICIENT_FUNDS)',
        from: 'secp:2',
        to: 'token',
        method: 2,
        paramsJson: { to: { $address: 'f0100' }, amount: 51 },
        expect: { exitCode: 19 },
      },
    ],
  };
}

export const tokenScenarioText = (wasm: Uint8Array) => `${JSON.stringify(tokenScenario(wasm), null, 2)}\n`;

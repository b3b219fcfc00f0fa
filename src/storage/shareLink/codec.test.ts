import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { base64url } from 'multiformats/bases/base64';
import { describe, expect, it } from 'vitest';
import { PlaygroundError } from '../../worker-vm/errors';
import { checkFilePath, isWellFormed } from '../workspace/paths';
import { checkCompiler, checkFiles } from '../workspace/workspace';
import { inflateRawBounded } from './boundedInflate';
import {
  decodeShareLink,
  encodeShareLink,
  isShareLinkFragment,
  MAX_DECODE_CHARS,
  MAX_PAYLOAD_BYTES,
  SHARE_LINK_MAX_CHARS,
  SHARE_LINK_SHORT_CHARS,
} from './codec';
import type { LinkStep, SharePayload } from './payload';
import { packV1, payloadToJson } from './v1';

/** Fixed seeds: the same cases on every run and every machine (a failure prints its seed and path). */
const runs = (seed: number, numRuns = 100) => ({ seed, numRuns });

const safeSegment = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,11}$/);
const unicodeSegment = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
  .filter((s) => !s.includes('/') && s !== '.' && s !== '..');
const pathArb = fc
  .array(fc.oneof(safeSegment, unicodeSegment), { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'))
  .filter((path) => {
    try {
      checkFilePath(path);
      return true;
    } catch {
      return false;
    }
  });
const contentArb = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constant('<script>alert(document.cookie)</script>'),
  )
  .filter(isWellFormed);
const filesArb = fc.uniqueArray(fc.tuple(pathArb, contentArb), { selector: ([path]) => path, maxLength: 5 });

const compilerArb = fc
  .record({
    version: fc.constantFrom('bundled', '0.8.26+commit.8a97fa7a', '0.8.30'),
    settings: fc.record({
      optimizer: fc.record({ enabled: fc.boolean(), runs: fc.nat({ max: 100_000 }) }),
      evmVersion: fc.constantFrom(undefined, 'cancun', 'osaka'),
      viaIR: fc.boolean(),
      remappings: fc.constantFrom([], ['@oz/=lib/oz/']),
    }),
  })
  .map((c) => checkCompiler(c));

const hexArb = (max: number) =>
  fc.uint8Array({ maxLength: max }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
const fromArb = fc.constantFrom('secp:0', 'secp:1', 'eth:0', 'eth:2');
const toArb = fc.constantFrom('secp:1', 'eth:1', 'f01234', '0x00000000000000000000000000000000000000aa');
const gasArb = fc.option(fc.integer({ min: 1, max: 10_000_000_000 }), { nil: undefined });

function stepArb(artifactIds: string[]): fc.Arbitrary<LinkStep> {
  const drop = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  const options: Array<fc.Arbitrary<LinkStep>> = [
    fc
      .record({
        from: fromArb,
        to: toArb,
        value: fc.option(fc.bigInt({ min: 0n, max: 10n ** 22n }).map(String), { nil: undefined }),
        gasLimit: gasArb,
        method: fc.option(fc.nat({ max: 2 ** 32 }), { nil: undefined }),
        params: fc.option(hexArb(40), { nil: undefined }),
      })
      .map((s) => drop({ kind: 'send' as const, ...s })),
    fc.record({ count: fc.nat({ max: 1_000_000 }) }).map((s) => ({ kind: 'advanceEpochs' as const, ...s })),
    fc
      .record({ from: fromArb, to: toArb, calldata: hexArb(68), gasLimit: gasArb })
      .map((s) => drop({ kind: 'invoke' as const, ...s })),
    fc
      .record({
        from: fromArb,
        bytecode: hexArb(100),
        name: fc.option(fc.constantFrom('token', 'c1'), { nil: undefined }),
      })
      .map((s) => drop({ kind: 'deploy' as const, ...s })),
  ];
  if (artifactIds.length > 0) {
    options.push(
      fc
        .record({
          from: fromArb,
          artifact: fc.constantFrom(...artifactIds),
          args: fc.option(hexArb(64), { nil: undefined }),
        })
        .map((s) => drop({ kind: 'deploy' as const, ...s })),
    );
  }
  return fc.oneof(...options);
}

/** Payloads in canonical form (what decoding returns). */
const payloadArb: fc.Arbitrary<SharePayload> = filesArb.chain((pairs) => {
  const files = checkFiles(pairs);
  const artifactIds = Object.keys(files).map((path) => `${path}:Token`);
  return fc
    .record({
      name: fc.option(fc.constantFrom('Workshop', 'ERC-20 <b>demo</b>', 'Ünïcode ✓'), { nil: undefined }),
      compiler: compilerArb,
      steps: fc.array(stepArb(artifactIds), { maxLength: 8 }),
      seed: fc.option(fc.constantFrom('fvm-playground', 'lesson-1'), { nil: undefined }),
      expect: fc.option(
        fc.record({
          stateRoot: fc.constant('bafy2bzacedg3gpiuvtipqcbsypzpcbxdm7mbgf3fzq4hohwvqwdfg5pqjzhxe'),
          receipts: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => base64url.baseEncode(b)),
        }),
        { nil: undefined },
      ),
    })
    .map(({ name, compiler, steps, seed, expect: e }) => {
      const payload: SharePayload = {
        ...(name === undefined ? {} : { name }),
        files,
        compiler,
        scenario: { version: 1, ...(seed === undefined ? {} : { genesis: { seed } }), steps },
        ...(e === undefined ? {} : { expect: e }),
        ...(Object.keys(files).length > 0
          ? { open: { files: Object.keys(files).slice(0, 2), active: null } }
          : {}),
      };
      return payload;
    });
});

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('share link codec: properties', () => {
  it('round-trips every payload exactly', () => {
    fc.assert(
      fc.property(payloadArb, (payload) => {
        const { fragment, length } = encodeShareLink(payload, MAX_DECODE_CHARS);
        expect(fragment.startsWith('#v1/')).toBe(true);
        expect(length).toBe(fragment.length);
        expect(isShareLinkFragment(fragment)).toBe(true);
        expect(decodeShareLink(fragment)).toEqual(payload);
        expect(decodeShareLink(fragment.slice(1))).toEqual(payload);
      }),
      runs(0x5eed1),
    );
  });

  it('bounds the size: the link is the compressed JSON in base64url, and never longer than asked', () => {
    fc.assert(
      fc.property(payloadArb, fc.integer({ min: 20, max: 4000 }), (payload, maxChars) => {
        const json = new TextEncoder().encode(JSON.stringify(payloadToJson(payload)));
        const compressed = 4 + deflateSync(json, { level: 9 }).length;
        const full = encodeShareLink(payload, Number.MAX_SAFE_INTEGER);
        expect(full.length).toBe('#v1/'.length + Math.ceil((compressed * 4) / 3));
        expect(full.long).toBe(full.length > SHARE_LINK_SHORT_CHARS);
        const error = thrown(() => encodeShareLink(payload, maxChars));
        if (full.length <= maxChars) expect(error).toBeUndefined();
        else expect(error).toMatchObject({ kind: 'TooLarge', where: 'share link' });
      }),
      runs(0x5eed2),
    );
  });

  it('rejects every truncation with a typed error', () => {
    fc.assert(
      fc.property(payloadArb, fc.double({ min: 0, max: 1, noNaN: true }), (payload, where) => {
        const { fragment } = encodeShareLink(payload, MAX_DECODE_CHARS);
        const cut = 4 + Math.floor(where * (fragment.length - 5));
        const error = thrown(() => decodeShareLink(fragment.slice(0, cut)));
        expect(error).toBeInstanceOf(PlaygroundError);
      }),
      runs(0x5eed3, 200),
    );
  });

  it('never turns a corrupted link into a different workspace', () => {
    fc.assert(
      fc.property(payloadArb, fc.nat(), fc.nat({ max: 63 }), (payload, at, replacement) => {
        const { fragment } = encodeShareLink(payload, MAX_DECODE_CHARS);
        const index = 4 + (at % (fragment.length - 4));
        const char = BASE64URL[replacement]!;
        fc.pre(fragment[index] !== char);
        const corrupted = fragment.slice(0, index) + char + fragment.slice(index + 1);
        let decoded: SharePayload | undefined;
        const error = thrown(() => {
          decoded = decodeShareLink(corrupted);
        });
        // Either a clear error, or (a flipped padding bit that DEFLATE ignores) the very same payload.
        if (error === undefined) expect(decoded).toEqual(payload);
        else expect(error).toBeInstanceOf(PlaygroundError);
      }),
      runs(0x5eed4, 300),
    );
  });

  it('answers any text at all with a typed error, never a crash', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `#v1/${s}`),
          fc.stringMatching(/^[A-Za-z0-9_-]{0,400}$/).map((s) => `#v1/${s}`),
          fc.uint8Array({ maxLength: 300 }).map((b) => `#v1/${base64url.baseEncode(b)}`),
        ),
        (text) => {
          expect(thrown(() => decodeShareLink(text))).toBeInstanceOf(PlaygroundError);
        },
      ),
      runs(0x5eed5, 300),
    );
  });

  it('rejects any JSON that is not a payload, with a typed error', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => {
        const fragment = `#v1/${packV1(new TextEncoder().encode(JSON.stringify(json)))}`;
        expect(thrown(() => decodeShareLink(fragment))).toBeInstanceOf(PlaygroundError);
      }),
      runs(0x5eed6, 200),
    );
  });

  it('inflates within its cap or refuses', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.nat({ max: 5000 }),
        fc.boolean(),
        (raw, cap, valid) => {
          const data = valid ? deflateSync(raw) : raw;
          let out: Uint8Array | undefined;
          const error = thrown(() => {
            out = inflateRawBounded(data, cap, 'test');
          });
          if (error !== undefined) expect(error).toBeInstanceOf(PlaygroundError);
          else expect(out!.length).toBeLessThanOrEqual(cap);
          if (valid && raw.length <= cap) expect(out).toEqual(raw);
          if (valid && raw.length > cap) expect(error).toMatchObject({ kind: 'TooLarge' });
        },
      ),
      runs(0x5eed7, 200),
    );
  });
});

describe('share link codec: hostile and oversized links', () => {
  const valid: SharePayload = {
    files: checkFiles([['contracts/A.sol', 'contract A {}']]),
    compiler: checkCompiler({}),
    scenario: { version: 1, steps: [] },
  };
  const linkOf = (json: unknown) => `#v1/${packV1(new TextEncoder().encode(JSON.stringify(json)))}`;
  const base = payloadToJson(valid) as Record<string, unknown>;
  const errorOf = (json: unknown) => thrown(() => decodeShareLink(linkOf(json))) as PlaygroundError;

  it('stops a decompression bomb at the cap', () => {
    const bomb = `#v1/${packV1(new Uint8Array(4 * MAX_PAYLOAD_BYTES))}`;
    expect(bomb.length).toBeLessThan(MAX_DECODE_CHARS);
    expect(errorOf(undefined)).toBeInstanceOf(PlaygroundError);
    expect(thrown(() => decodeShareLink(bomb))).toMatchObject({ kind: 'TooLarge' });
    const bigJson = { ...base, files: [['a.sol', 'x'.repeat(MAX_PAYLOAD_BYTES)]] };
    expect(errorOf(bigJson)).toMatchObject({ kind: 'TooLarge' });
  });

  it('refuses links longer than the decoder reads, and the encoder refuses to write them', () => {
    expect(thrown(() => decodeShareLink(`#v1/${'A'.repeat(MAX_DECODE_CHARS)}`))).toMatchObject({
      kind: 'TooLarge',
    });
    const large: SharePayload = {
      ...valid,
      files: checkFiles([['big.sol', Array.from({ length: 20_000 }, (_, i) => `// ${i * 7919}`).join('\n')]]),
    };
    expect(thrown(() => encodeShareLink(large))).toMatchObject({
      kind: 'TooLarge',
      message: expect.stringMatching(new RegExp(`more than the ${SHARE_LINK_MAX_CHARS} .*export a file`)),
    });
  });

  it('refuses unknown versions, newer ones with a message that says so', () => {
    expect(thrown(() => decodeShareLink('#v2/abc'))).toMatchObject({
      message: expect.stringMatching(/newer version of the playground \(link version 2\)/),
    });
    expect(thrown(() => decodeShareLink('#v0/abc'))).toMatchObject({ kind: 'MalformedData' });
    expect(thrown(() => decodeShareLink('#/files'))).toMatchObject({
      message: expect.stringMatching(/not an FVM Playground share link/),
    });
  });

  it('keeps names and contents that look like markup or script as plain text', () => {
    const json = {
      ...base,
      name: '<img src=x onerror=alert(1)>',
      files: [
        ['<script>alert(1)<', 'x'],
        ['ok.sol', '"><script>fetch("//evil")</script>'],
      ],
    };
    const payload = decodeShareLink(linkOf(json));
    expect(payload.name).toBe('<img src=x onerror=alert(1)>');
    expect(Object.keys(payload.files)).toEqual(['<script>alert(1)<', 'ok.sol']);
    expect(payload.files['ok.sol']).toBe('"><script>fetch("//evil")</script>');
  });

  it('refuses traversal, control characters, duplicates, unknown fields and bad shapes', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...base, files: [['../../etc/passwd', '']] }, /leaves the workspace/],
      [{ ...base, files: [['/abs.sol', '']] }, /not a plain path/],
      [{ ...base, files: [['a\u0000.sol', '']] }, /control or direction/],
      [{ ...base, files: [['a\u202e.sol', '']] }, /control or direction/],
      [{ ...base, files: [['a\\b.sol', '']] }, /backslash/],
      [
        {
          ...base,
          files: [
            ['a.sol', ''],
            ['a.sol', 'again'],
          ],
        },
        /appears twice/,
      ],
      [{ ...base, files: [['a.sol', 42]] }, /must be text/],
      [{ ...base, files: { 'a.sol': '' } }, /list of \[path, text\] pairs/],
      [{ ...base, extra: 1 }, /unknown field "extra"/],
      [
        JSON.parse('{"__proto__": {"polluted": true}, "files": [], "scenario": {"version": 1, "steps": []}}'),
        /unknown field "__proto__"/,
      ],
      [{ ...base, compiler: { version: 'nightly' } }, /solc version/],
      [{ ...base, compiler: { settings: { optimizer: { runs: -1 } } } }, /optimizer\.runs/],
      [{ ...base, compiler: { settings: { remappings: [1] } } }, /list of up to 100 strings/],
      [{ ...base, compiler: { settings: { optimizer: 'yes' } } }, /optimizer: must be an object/],
      [
        { ...base, compiler: { settings: { outputSelection: { '*': {} } } } },
        /unknown field "outputSelection"/,
      ],
      [{ ...base, scenario: { version: 2, steps: [] } }, /version must be 1/],
      [{ ...base, scenario: { version: 1, steps: [{ kind: 'rm -rf' }] } }, /kind must be one of/],
      [
        { ...base, scenario: { version: 1, steps: [{ kind: 'send', from: 'secp:0', to: 'f01', run: 'x' }] } },
        /unknown field "run"/,
      ],
      [
        {
          ...base,
          scenario: { version: 1, steps: [{ kind: 'deploy', from: 'eth:0', artifact: 'missing.sol:A' }] },
        },
        /not a file of the link/,
      ],
      [
        {
          ...base,
          scenario: {
            version: 1,
            steps: [{ kind: 'deploy', from: 'eth:0', artifact: 'contracts/A.sol:A;rm' }],
          },
        },
        /not file:Contract/,
      ],
      [
        { ...base, scenario: { version: 1, steps: Array(1001).fill({ kind: 'advanceEpochs', count: 1 }) } },
        /at most 1000 steps/,
      ],
      [{ ...base, expect: { stateRoot: 'not a cid', receipts: 'x' } }, /not a CID/],
      [{ ...base, open: { files: ['nope.sol'], active: null } }, /not a file of the link/],
      [[base], /must be an object/],
    ];
    for (const [json, message] of cases) {
      const error = errorOf(json);
      expect(error, JSON.stringify(json).slice(0, 120)).toBeInstanceOf(PlaygroundError);
      expect(error.message).toMatch(message);
      expect(error.where ?? '').toMatch(/^share link/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Deep nesting is refused, not a stack overflow.
    const deep = JSON.stringify(base).replace(
      '"files"',
      `"name":${'['.repeat(100_000)}${']'.repeat(100_000)},"files"`,
    );
    const deepLink = `#v1/${packV1(new TextEncoder().encode(deep))}`;
    expect(thrown(() => decodeShareLink(deepLink))).toBeInstanceOf(PlaygroundError);
  });

  it('keeps opening links written by version 1 (a pinned link)', () => {
    const pinned = PINNED_V1;
    const payload = decodeShareLink(pinned.fragment);
    expect(payload).toEqual(pinned.payload);
  });
});

/**
 * A link written by format 1 and pinned here: whatever later encoders do, this must keep decoding to the
 * same payload. (Generated once by encodeShareLink; do not regenerate.)
 */
const PINNED_V1 = {
  fragment:
    '#v1/eh8uEHVT72_TMBD9Vyx_2kS3Zd0KWxAfSjukSkWwwQektkiOfUlNk7PrOOmPKP8759KulA0rUuS7d-_d3UsajqIAHvOBqdCDY2dWI4Ji9TXLNS7OeYenOoeSx5MJlwa9E9KXV3v4ZWlyQlxdsW9fhz8uxloClnAxUoBepxpczD6Pvk_ROpEVghFaK-037Gd0eXfZjd5PcYoHUnZooZkio1Np9N3eW2arJNeSyZDdFYRkWqH02iDTKB0UJHd2zmBN5SjyA0M4uzL25gO7ptoQaKdID5_NOjROYWk2x-OG1-BK4qNNJBWqHBSNVYL3GjOaveHGel3o7R8woEgCJPaugg53FRKmG0Vth9dajJ54nIq8DBkohKWNBo7JrKV8SRsSTpsTzWuKe7AB1PCFRmImcXrR8p0pdjdp44junio5-PnuUou8CuZ1e9G_h7KZKMfUs-fxPt12ntkV2NxsCHRq_1HwICEcGUnuUOhV9-Nj5VHvdt_EX4Iaa7OAl_y7eY4cUuS5El5QMFqr6F5BdCdOuO9fUAtVC5TwYI2cl4EjsNFSo3ZGC4e1hdB-QysWHp6MCbMkIt10k62QoLKbzOqq9touZVJu7NbKZK2Kd0WSpTfpdnk7N_NVvVypNOvZ5a_tfB3GcCBBW0-W8X7_YdBfPX76mMnR4NGMh_3oy3DFSdtYIHeb5z_oPz8QfYoU03Uw4nVE2_4G',
  payload: {
    name: 'Counter (pinned v1 link)',
    files: {
      'contracts/Counter.sol':
        '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n\ncontract Counter {\n    uint256 public count;\n\n    function increment() external {\n        count += 1;\n    }\n}\n',
    },
    compiler: {
      version: 'bundled',
      settings: {
        optimizer: { enabled: true, runs: 200 },
        evmVersion: undefined,
        viaIR: false,
        remappings: [],
      },
    },
    scenario: {
      version: 1,
      steps: [
        { kind: 'send', from: 'secp:0', to: 'eth:0', value: '2500000000000000000', gasLimit: 5000000 },
        {
          kind: 'deploy',
          name: 'Counter',
          from: 'eth:0',
          artifact: 'contracts/Counter.sol:Counter',
          gasLimit: 40000000,
        },
        { kind: 'invoke', from: 'eth:0', to: 'Counter', calldata: '0xd09de08a', gasLimit: 9000000 },
        { kind: 'advanceEpochs', count: 10 },
      ],
    },
    expect: {
      stateRoot: 'bafy2bzacedg3gpiuvtipqcbsypzpcbxdm7mbgf3fzq4hohwvqwdfg5pqjzhxe',
      receipts: 'AAECAwQFBgcICQoLDA0ODw',
    },
    open: { files: ['contracts/Counter.sol'], active: 'contracts/Counter.sol' },
  } as SharePayload,
};

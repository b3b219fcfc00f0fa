import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import { CBOR, DAG_CBOR, IPLD_RAW } from './codecs';
import { LinkScanError, scanIpldLinks } from './scanLinks';

// Hand-made byte vectors, written out in hex so the scanner is checked against the CBOR rules
// themselves rather than against an encoder.
const bytes = (hex: string) =>
  Uint8Array.from(hex.replace(/\s+/g, '').match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const digest = toHex(blake2b(new TextEncoder().encode('foobar'), { dkLen: 32 }));
/** CIDv1, codec RAW (0x55), blake2b-256 (varint a0 e4 02, length 0x20). */
const rawCid = `01 55 a0e402 20 ${digest}`;
/** DAG-CBOR `[0, <cid>, 1]` as ref-fvm's `Test(0, cid, 1)`: 4 items, 1 CID. */
const tuple = (cidHex: string) => {
  const payload = bytes(`00 ${cidHex}`);
  return `83 00 d82a 58 ${payload.length.toString(16).padStart(2, '0')} ${toHex(payload)} 01`;
};

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LinkScanError);
    const e = error as LinkScanError;
    return {
      failure: e.failure,
      kind: e.kind,
      fields: e.fields,
      cids: e.cids,
      gasUsed: e.gasUsed,
      message: e.message,
    };
  }
  throw new Error('expected the scan to fail');
};

describe('IPLD link scanning (ref-fvm fvm/src/ipld)', () => {
  it('RAW and CBOR blocks have no links and cost nothing to scan', () => {
    const data = bytes(tuple(rawCid));
    expect(scanIpldLinks(IPLD_RAW, data)).toEqual({ fields: 0, cids: 0, links: [] });
    expect(scanIpldLinks(CBOR, data)).toEqual({ fields: 0, cids: 0, links: [] });
  });

  it('finds a link in DAG-CBOR and counts 4 fields, 1 CID (basic_cbor)', () => {
    const scan = scanIpldLinks(DAG_CBOR, bytes(tuple(rawCid)));
    expect(scan.fields).toBe(4);
    expect(scan.cids).toBe(1);
    expect(scan.links.map((cid) => toHex(cid.bytes))).toEqual([toHex(bytes(rawCid))]);
  });

  it('scans identity-hash CIDs inline and returns only what they link to (recursive_cbor)', () => {
    const inner = bytes(tuple(rawCid));
    const inline = `01 71 00 ${inner.length.toString(16)} ${toHex(inner)}`;
    const scan = scanIpldLinks(DAG_CBOR, bytes(tuple(inline)));
    expect([scan.fields, scan.cids]).toEqual([8, 2]);
    expect(scan.links.map((cid) => toHex(cid.bytes))).toEqual([toHex(bytes(rawCid))]);
    // An inline RAW block is not scanned further.
    const rawInline = scanIpldLinks(DAG_CBOR, bytes(tuple(`01 55 00 03 010203`)));
    expect([rawInline.fields, rawInline.cids, rawInline.links.length]).toEqual([4, 1, 0]);
  });

  it('skips piece commitment CIDs (ignores_pieces)', () => {
    const scan = scanIpldLinks(DAG_CBOR, bytes(tuple(`01 81e203 a0e402 20 ${digest}`)));
    expect([scan.fields, scan.cids, scan.links.length]).toEqual([4, 1, 0]);
  });

  it('counts every header: maps hold two items per entry, other tags add their item, floats are one item', () => {
    expect(scanIpldLinks(DAG_CBOR, bytes('a2 6161 01 6162 82 02 03'))).toMatchObject({ fields: 7, cids: 0 });
    expect(scanIpldLinks(DAG_CBOR, bytes('d82b 01'))).toMatchObject({ fields: 2 });
    expect(scanIpldLinks(DAG_CBOR, bytes('fb 3ff0000000000000'))).toMatchObject({ fields: 1 });
    expect(scanIpldLinks(DAG_CBOR, bytes('5a 00000002 abcd'))).toMatchObject({ fields: 1 });
  });

  it('rejects links to forbidden codecs and hashes with NotFound', () => {
    const dagPb = failure(() => scanIpldLinks(DAG_CBOR, bytes(tuple(`01 70 a0e402 20 ${digest}`))));
    expect(dagPb).toMatchObject({ failure: 'NotFound', kind: 'NotFound', fields: 3, cids: 1 });
    expect(dagPb.message).toMatch(/forbidden codec 112/);
    const sha256 = failure(() => scanIpldLinks(DAG_CBOR, bytes(tuple(`01 71 12 20 ${digest}`))));
    expect(sha256).toMatchObject({
      failure: 'NotFound',
      message: expect.stringMatching(/code: 18, len: 32/),
    });
    const short = failure(() =>
      scanIpldLinks(DAG_CBOR, bytes(tuple(`01 71 a0e402 14 ${digest.slice(0, 40)}`))),
    );
    expect(short).toMatchObject({ failure: 'NotFound', message: expect.stringMatching(/len: 20/) });
    // A CIDv0 (0x12 0x20 + 32 bytes) is DAG-PB.
    const v0 = failure(() => scanIpldLinks(DAG_CBOR, bytes(tuple(`12 20 ${digest}`))));
    expect(v0).toMatchObject({ failure: 'NotFound', message: expect.stringMatching(/codec 112/) });
  });

  it('rejects indefinite lengths, bad tag-42 payloads, trailing bytes and truncation as Serialization', () => {
    const cases: [string, RegExp, number][] = [
      ['9f 01 ff', /invalid cbor header/, 1],
      ['5f 41 00 ff', /invalid cbor header/, 1],
      ['d82a 58 27 01', /unexpected end/, 1],
      [`d82a 58 27 01 ${rawCid}`, /does not start with a 0x/, 1],
      ['d82a 40', /does not start with a 0x/, 1],
      [`d82a 78 27 00 ${rawCid}`, /expected cbor type byte string/, 1],
      ['01 02', /1 trailing bytes/, 1],
      ['82 01', /invalid cbor header/, 3],
      ['43 0102', /unexpected end of cbor stream/, 1],
      ['1c', /invalid cbor header/, 1],
    ];
    for (const [hex, message, fields] of cases) {
      const result = failure(() => scanIpldLinks(DAG_CBOR, bytes(hex)));
      expect(result, hex).toMatchObject({ failure: 'Serialization', kind: 'MalformedData', fields });
      expect(result.message, hex).toMatch(message);
    }
    expect(failure(() => scanIpldLinks(DAG_CBOR, new Uint8Array(0)))).toMatchObject({ fields: 1 });
  });

  it('rejects malformed CIDs inside tag 42', () => {
    const cases: [string, RegExp][] = [
      [`01 55 a0e402 20 ${digest} 00`, /1 trailing bytes/],
      [`02 55 a0e402 20 ${digest}`, /unsupported version 2/],
      [`00 55 a0e402 20 ${digest}`, /unsupported version 0/],
      [`01 d500 a0e402 20 ${digest}`, /not minimal/],
      [`01 55 a0e402 41 ${'00'.repeat(65)}`, /larger than 64/],
      [`01 55 a0e402 20 ${digest.slice(0, 20)}`, /truncated digest/],
    ];
    for (const [cid, message] of cases) {
      expect(failure(() => scanIpldLinks(DAG_CBOR, bytes(tuple(cid))))).toMatchObject({
        failure: 'Serialization',
        message: expect.stringMatching(message),
      });
    }
  });

  it('keeps an exact u64 item count: huge arrays fail at the missing items, overflowing counts at once', () => {
    expect(failure(() => scanIpldLinks(DAG_CBOR, bytes('9b 8000000000000000')))).toMatchObject({
      fields: 2,
      message: expect.stringMatching(/invalid cbor header/),
    });
    expect(
      failure(() => scanIpldLinks(DAG_CBOR, bytes('9b ffffffffffffffff 9b ffffffffffffffff'))),
    ).toMatchObject({
      fields: 2,
      message: expect.stringMatching(/overflow/),
    });
    expect(failure(() => scanIpldLinks(DAG_CBOR, bytes('bb 8000000000000000')))).toMatchObject({
      fields: 1,
      message: expect.stringMatching(/overflow/),
    });
  });

  it('rejects other top-level codecs as IllegalCodec', () => {
    expect(failure(() => scanIpldLinks(0x70, bytes('01')))).toMatchObject({
      failure: 'IllegalCodec',
      fields: 0,
    });
  });

  it('with a budget, runs out of gas exactly where ref-fvm does (per field, then per CID)', () => {
    const data = bytes(tuple(rawCid));
    const perField = 1n;
    const perCid = 1n << 16n;
    const full = perField * 4n + perCid;
    expect(scanIpldLinks(DAG_CBOR, data, { available: full, perField, perCid }).links).toHaveLength(1);
    expect(
      failure(() => scanIpldLinks(DAG_CBOR, data, { available: full - 1n, perField, perCid })),
    ).toMatchObject({
      failure: 'OutOfGas',
      gasUsed: full - 1n,
    });
    // Not enough for the CID: fails at the tag, before reading the CID, with everything charged.
    expect(failure(() => scanIpldLinks(DAG_CBOR, data, { available: 4n, perField, perCid }))).toMatchObject({
      failure: 'OutOfGas',
      fields: 3,
      cids: 0,
      gasUsed: 4n,
    });
    // A serialization error charges only what was scanned.
    expect(
      failure(() => scanIpldLinks(DAG_CBOR, bytes('82 01'), { available: 100n, perField, perCid })),
    ).toMatchObject({
      failure: 'Serialization',
      gasUsed: 3n,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { PlaygroundError } from '../errors';
import { bytesToHex, hexToBytes } from '../util/bytes';
import { Address, Protocol, parseAddressString } from './address';
import {
  ethToFilecoin,
  f410Subaddress,
  formatEthAddress,
  isMaskedId,
  isPrecompileAddress,
  maskedIdAddress,
  parseEthAddress,
} from './ethereum';

const roundTrip = (address: Address, text: string) => {
  expect(address.toString()).toBe(text);
  const parsed = Address.fromString(text);
  expect(parsed.equals(address)).toBe(true);
  expect(Address.fromBytes(parsed.bytes).equals(address)).toBe(true);
};

describe('addresses (spec 8.1, 8.2)', () => {
  it('f4 vectors of the spec', () => {
    roundTrip(Address.newDelegated(32, new Uint8Array(5).fill(0xff)), 'f432f77777777x32lpna');
    roundTrip(
      Address.newDelegated(0xffff_ffff_ffff_ffffn, new Uint8Array(0)),
      'f418446744073709551615ftnkyfaq',
    );
  });

  it('f1 from a secp256k1 public key (ref-fvm address_test vectors)', () => {
    const key = Uint8Array.from([
      4, 148, 2, 250, 195, 126, 100, 50, 164, 22, 163, 160, 202, 84, 38, 181, 24, 90, 179, 178, 79, 97, 52,
      239, 162, 92, 228, 135, 200, 45, 46, 78, 19, 191, 69, 37, 17, 224, 210, 36, 84, 33, 248, 97, 59, 193,
      13, 114, 250, 33, 102, 102, 169, 108, 59, 193, 57, 32, 211, 255, 35, 63, 208, 188, 5,
    ]);
    const address = Address.newSecp256k1(key);
    roundTrip(address, 'f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq');
    expect(bytesToHex(address.bytes)).toBe('01ea0f0ea039b291a0f08fd179e0556a8c3277c0d3');
  });

  it('f2 and f3 vectors', () => {
    const data = Uint8Array.from([
      118, 18, 129, 144, 205, 240, 104, 209, 65, 128, 68, 172, 192, 62, 11, 103, 129, 151, 13, 96,
    ]);
    roundTrip(Address.newActor(data), 'f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i');
    const bls = Uint8Array.from([
      173, 88, 223, 105, 110, 45, 78, 145, 234, 134, 200, 129, 233, 56, 186, 78, 168, 27, 57, 94, 18, 121,
      123, 132, 185, 207, 49, 75, 149, 70, 112, 94, 131, 156, 122, 153, 214, 6, 178, 71, 221, 180, 249, 172,
      122, 52, 20, 221,
    ]);
    roundTrip(
      Address.newBls(bls),
      'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a',
    );
  });

  it('ID addresses, binary form and CBOR bytes', () => {
    roundTrip(Address.newId(0), 'f00');
    roundTrip(Address.newId(150), 'f0150');
    roundTrip(Address.newId(0xffff_ffff_ffff_ffffn), 'f018446744073709551615');
    expect(bytesToHex(Address.newId(1001).bytes)).toBe('00e907');
    expect(bytesToHex(Address.newId(999999).bytes)).toBe('00bf843d');
    expect(Address.newId(1024).id).toBe(1024n);
  });

  it('keeps the network prefix when asked', () => {
    const { address, network } = parseAddressString('t01');
    expect(network).toBe('t');
    expect(address.toString('t')).toBe('t01');
    expect(address.toString()).toBe('f01');
  });

  it.each([
    ['Q2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y', /start with f/],
    ['f9abc', /unknown protocol/],
    ['f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y', /bad checksum/],
    ['f0banananananannnnnnnnn', /at most 20 digits/],
    ['f0banananananannnnnnnn', /not a decimal number/],
    ['f2gfvuyh7v2sx3patm1k23wdzmhyhtmqctasbr24y', /base32/],
    ['f2gfvuyh7v2sx3paTm1k23wdzmhyhtmqctasbr24y', /base32/],
    ['f2', /wrong length/],
    ['f018446744073709551616', /64 bits/],
    ['f410', /f4<namespace>f<subaddress>/],
    ['fömk3zcefvlgpay4f32c5vmruk5gqig6dumc7pz6q', /unknown protocol/],
  ])('rejects %s with a clear message', (text, message) => {
    expect(() => Address.fromString(text)).toThrow(message);
    try {
      Address.fromString(text);
    } catch (error) {
      expect(error).toBeInstanceOf(PlaygroundError);
      expect((error as PlaygroundError).kind).toBe('InvalidInput');
    }
  });

  it.each([
    [[5, 4, 4], /unknown address protocol/],
    [[0], /at least 2 bytes/],
    [[1, ...new Array(21).fill(0)], /20 bytes, not 21/],
    [[1, ...new Array(19).fill(0)], /20 bytes, not 19/],
    [[3, ...new Array(49).fill(0)], /48 bytes, not 49/],
    [[0, 0x82, 0x00], /minimally encoded/],
    [[0, 67, 0, 1, 2], /bytes after its varint/],
    [[0, 0xff, 0xff], /truncated/],
  ])('rejects binary %j', (bytes, message) => {
    expect(() => Address.fromBytes(Uint8Array.from(bytes))).toThrow(message);
  });

  it('rejects keys of the wrong length', () => {
    expect(() => Address.newSecp256k1(new Uint8Array(64))).toThrow(/65 bytes/);
    expect(() => Address.newBls(new Uint8Array(47))).toThrow(/48 bytes/);
    expect(() => Address.newDelegated(10, new Uint8Array(55))).toThrow(/at most 54/);
  });
});

describe('Ethereum addresses (spec 8.3)', () => {
  it('maps a plain 0x address to f410 and back', () => {
    const eth = parseEthAddress('0x2222222222222222222222222222222222222222');
    const address = ethToFilecoin(eth);
    expect(address.protocol).toBe(Protocol.Delegated);
    expect(address.namespace).toBe(10n);
    expect(f410Subaddress(address)).toEqual(eth);
    expect(address.toString()).toMatch(/^f410f/);
    expect(Address.fromString(address.toString()).equals(address)).toBe(true);
  });

  it('maps masked IDs to f0', () => {
    const eth = maskedIdAddress(1234n);
    expect(formatEthAddress(eth)).toBe('0xff000000000000000000000000000000000004d2');
    expect(isMaskedId(eth)).toBe(true);
    expect(ethToFilecoin(eth).toString()).toBe('f01234');
  });

  it('knows the precompile range', () => {
    const at = (hex: string) => hexToBytes(hex.padStart(40, '0'));
    expect(isPrecompileAddress(at('01'))).toBe(true);
    expect(isPrecompileAddress(at('0100'))).toBe(true);
    expect(isPrecompileAddress(hexToBytes(`fe${'00'.repeat(18)}01`))).toBe(true);
    expect(isPrecompileAddress(at('00'))).toBe(false);
    expect(isPrecompileAddress(at('0101'))).toBe(false);
    expect(isPrecompileAddress(hexToBytes(`fe${'00'.repeat(17)}0100`))).toBe(false);
  });

  it('rejects malformed 0x strings', () => {
    expect(() => parseEthAddress('0x1234')).toThrow(/40 hex digits/);
  });
});
